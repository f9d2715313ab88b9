"""Long polling really waits, and wakes as soon as a message can be received: on the virtual
clock, across threads in real time, and across processes sharing one data directory."""

from __future__ import annotations

import multiprocessing
import threading
import time
from pathlib import Path
from typing import Any

from _sqs_support import send_from_another_process

from fourbeat import Cloud, SystemClock, VirtualClock
from fourbeat.testing import assert_output_shape


def test_long_poll_waits_the_full_wait_time_when_nothing_comes(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    start = clock.now()
    response = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=20)
    assert_output_shape("sqs", "ReceiveMessage", response)
    assert "Messages" not in response
    assert 20 <= clock.now() - start < 20.1


def test_short_poll_returns_at_once(sqs: Any, queue_url: str, clock: VirtualClock) -> None:
    start = clock.now()
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
    assert clock.now() == start


def test_long_poll_returns_a_delayed_message_when_its_delay_ends(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="soon", DelaySeconds=3)
    start = clock.now()
    [message] = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=10)["Messages"]
    assert message["Body"] == "soon"
    assert 3 <= clock.now() - start < 3.1


def test_queue_receive_wait_time_makes_every_receive_a_long_poll(
    sqs: Any, clock: VirtualClock
) -> None:
    url = sqs.create_queue(QueueName="patient", Attributes={"ReceiveMessageWaitTimeSeconds": "4"})[
        "QueueUrl"
    ]
    start = clock.now()
    sqs.receive_message(QueueUrl=url)
    assert 4 <= clock.now() - start < 4.1
    start = clock.now()
    sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)
    assert clock.now() == start


def test_long_poll_wakes_within_a_fraction_of_a_second_when_another_thread_sends(
    tmp_path: Path,
) -> None:
    with Cloud(tmp_path / "cloud", clock=SystemClock()) as cloud:
        url = cloud.client("sqs").create_queue(QueueName="live")["QueueUrl"]
        received: dict[str, Any] = {}

        def poll() -> None:
            response = cloud.client("sqs").receive_message(QueueUrl=url, WaitTimeSeconds=10)
            received["at"] = time.monotonic()
            received["messages"] = response.get("Messages", [])

        sender = cloud.client("sqs")
        poller = threading.Thread(target=poll)
        poller.start()
        SystemClock().sleep(0.3)  # let the poll start waiting
        sender.send_message(QueueUrl=url, MessageBody="now")
        sent_at = time.monotonic()
        poller.join(timeout=10)
    assert [m["Body"] for m in received["messages"]] == ["now"]
    assert received["at"] - sent_at < 0.25


def test_long_poll_wakes_when_another_process_sends(tmp_path: Path) -> None:
    path = tmp_path / "shared-cloud"
    with Cloud(path, clock=SystemClock()) as cloud:
        sqs = cloud.client("sqs")
        url = sqs.create_queue(QueueName="shared")["QueueUrl"]
        context = multiprocessing.get_context("spawn")
        sent = context.Queue()
        child = context.Process(
            target=send_from_another_process, args=(str(path), cloud.region, sent)
        )
        child.start()
        try:
            response = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20)
            woke_at = time.monotonic()
            sent_at = sent.get(timeout=20)
        finally:
            child.join(timeout=20)
    assert child.exitcode == 0
    assert [m["Body"] for m in response["Messages"]] == ["from another process"]
    assert woke_at - sent_at < 0.5
