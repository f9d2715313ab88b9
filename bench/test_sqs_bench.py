"""SQS message life cycle: SendMessage, ReceiveMessage, DeleteMessage, fourbeat against moto.

A round cycles through groups of ten 1 KiB messages on a standard queue: send ten, receive
them one call at a time (MaxNumberOfMessages=1, no long polling), delete each by its receipt
handle. The queue never holds more than ten messages on either side: moto recomputes the
queue's attributes over every message it holds on each SendMessage, so a deeper queue would
slow moto by an amount that depends on the round size rather than on the operation. The batch
case does the same with ten messages per call (SendMessageBatch, ReceiveMessage with
MaxNumberOfMessages=10, DeleteMessageBatch) and counts calls per second. The three
single-message phases are small-payload paths with the 5x target.

The backlog case is fourbeat alone: receive and delete with 10 messages waiting, then with
1,000 waiting (refilled, untimed, after each group), to show whether a receive costs the same
whatever the queue holds, as it does on AWS. moto is left out there: at that depth each of its
sends takes tens of milliseconds, so filling the queue would take most of the run.
"""

from __future__ import annotations

from typing import Any

import pytest

from _harness import (
    TARGET_RATIO,
    Clients,
    Report,
    Settings,
    Stopwatch,
    Workload,
    compare,
    format_table,
    measure,
)

BODY = "m" * 1024
GROUP = 10
"""Messages in flight at once, and the batch size."""

pytestmark = pytest.mark.bench


def message_life_cycle(client: Any, queue_name: str) -> Workload:
    url = client.create_queue(QueueName=queue_name)["QueueUrl"]

    def run(n: int) -> dict[str, float]:
        watch = Stopwatch()
        for group in _groups(n, GROUP):
            for _ in range(group):
                client.send_message(QueueUrl=url, MessageBody=BODY)
            watch.lap("SendMessage")
            handles = _receive(client, url, group, 1)
            watch.lap("ReceiveMessage")
            for handle in handles:
                client.delete_message(QueueUrl=url, ReceiptHandle=handle)
            watch.lap("DeleteMessage")
        return watch.laps

    return run


def batch_life_cycle(client: Any, queue_name: str) -> Workload:
    url = client.create_queue(QueueName=queue_name)["QueueUrl"]
    entries = [{"Id": str(i), "MessageBody": BODY} for i in range(GROUP)]

    def run(n: int) -> dict[str, float]:
        watch = Stopwatch()
        for _ in range(n):
            sent = client.send_message_batch(QueueUrl=url, Entries=entries)
            assert not sent.get("Failed"), sent["Failed"]
            watch.lap("SendMessageBatch")
            handles = _receive(client, url, GROUP, GROUP)
            watch.lap("ReceiveMessage(10)")
            done = client.delete_message_batch(
                QueueUrl=url,
                Entries=[{"Id": str(i), "ReceiptHandle": h} for i, h in enumerate(handles)],
            )
            assert not done.get("Failed"), done["Failed"]
            watch.lap("DeleteMessageBatch")
        return watch.laps

    return run


def backlog_cycle(client: Any, queue_name: str, depth: int) -> Workload:
    """Receive and delete one group at a time from a queue kept ``depth`` deep."""
    url = client.create_queue(QueueName=queue_name)["QueueUrl"]
    entries = [{"Id": str(i), "MessageBody": BODY} for i in range(GROUP)]
    for _ in range(depth // GROUP):
        client.send_message_batch(QueueUrl=url, Entries=entries)

    def run(n: int) -> dict[str, float]:
        watch = Stopwatch()
        for group in _groups(n, GROUP):
            handles = _receive(client, url, group, 1)
            watch.lap("ReceiveMessage")
            for handle in handles:
                client.delete_message(QueueUrl=url, ReceiptHandle=handle)
            watch.lap("DeleteMessage")
            client.send_message_batch(QueueUrl=url, Entries=entries[:group])
            watch.lap("refill")
        del watch.laps["refill"]
        return watch.laps

    return run


def _groups(n: int, size: int) -> list[int]:
    """``n`` split into groups of at most ``size``."""
    return [min(size, n - start) for start in range(0, n, size)]


def _receive(client: Any, url: str, count: int, per_call: int) -> list[str]:
    """Receipt handles of ``count`` messages, asking for ``per_call`` at a time."""
    handles: list[str] = []
    for _ in range(3 * count):
        got = client.receive_message(
            QueueUrl=url, MaxNumberOfMessages=per_call, WaitTimeSeconds=0
        ).get("Messages", [])
        for message in got:
            assert message["Body"] == BODY
            handles.append(message["ReceiptHandle"])
        if len(handles) >= count:
            return handles
    raise AssertionError(f"received {len(handles)} of the {count} messages sent")


def test_sqs_send_receive_delete(clients: Clients, settings: Settings, report: Report) -> None:
    fourbeat, moto = clients("sqs")
    sides = {
        "fourbeat": message_life_cycle(fourbeat, "bench-single"),
        "moto": message_life_cycle(moto, "bench-single"),
    }
    rows = compare("sqs 1 KiB", sides, warmup=30, settings=settings, target=TARGET_RATIO)
    print("\n" + format_table(rows))
    report.add(rows)


def test_sqs_batches_of_ten(clients: Clients, settings: Settings, report: Report) -> None:
    fourbeat, moto = clients("sqs")
    sides = {
        "fourbeat": batch_life_cycle(fourbeat, "bench-batch"),
        "moto": batch_life_cycle(moto, "bench-batch"),
    }
    rows = compare("sqs 10x1 KiB", sides, warmup=5, settings=settings, target=None)
    print("\n" + format_table(rows))
    report.add(rows)


def test_sqs_receive_cost_does_not_grow_with_backlog(
    clients: Clients, settings: Settings, report: Report
) -> None:
    fourbeat, _ = clients("sqs")
    sides = {
        "depth 10": backlog_cycle(fourbeat, "bench-shallow", GROUP),
        "depth 1000": backlog_cycle(fourbeat, "bench-deep", 1000),
    }
    rates = measure(sides, warmup=10, settings=settings, profiled="depth 1000")
    lines = ["", "sqs backlog on fourbeat (ops/s with 10 vs 1,000 messages waiting):"]
    for phase, shallow in rates["depth 10"].items():
        deep = rates["depth 1000"][phase]
        ratio = deep.best / shallow.best
        verdict = "PASS" if ratio >= 0.5 else "MISS"
        lines.append(
            f"  {phase:<15} {shallow.best:>9,.1f} -> {deep.best:>9,.1f}  "
            f"({ratio:.2f}x; flat, >= 0.5x: {verdict})"
        )
    print("\n".join(lines))
    report.notes.extend(lines)
