"""FIFO queues: group order, group locking while in flight, deduplication, sequence numbers."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from _sqs_support import error_of
from botocore.exceptions import ClientError

from fourbeat import VirtualClock
from fourbeat.testing import assert_output_shape


def _send(sqs: Any, url: str, body: str, group: str = "g", **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("MessageDeduplicationId", body)
    response: dict[str, Any] = sqs.send_message(
        QueueUrl=url, MessageBody=body, MessageGroupId=group, **kwargs
    )
    assert_output_shape("sqs", "SendMessage", response)
    return response


def _bodies(sqs: Any, url: str, **kwargs: Any) -> list[str]:
    response = sqs.receive_message(QueueUrl=url, **kwargs)
    assert_output_shape("sqs", "ReceiveMessage", response)
    return [m["Body"] for m in response.get("Messages", [])]


def test_fifo_send_returns_increasing_sequence_numbers(sqs: Any, fifo_url: str) -> None:
    first = _send(sqs, fifo_url, "a")["SequenceNumber"]
    second = _send(sqs, fifo_url, "b")["SequenceNumber"]
    assert first.isdigit() and len(first) == 20
    assert int(second) > int(first)


def test_messages_of_a_group_come_in_order_and_lock_the_group(
    sqs: Any, fifo_url: str, clock: VirtualClock
) -> None:
    for body in ("1", "2", "3"):
        _send(sqs, fifo_url, body)
    assert _bodies(sqs, fifo_url, MaxNumberOfMessages=2) == ["1", "2"]
    # While 1 and 2 are in flight nothing more of the group is delivered.
    assert _bodies(sqs, fifo_url, MaxNumberOfMessages=10) == []
    clock.advance(30)
    assert _bodies(sqs, fifo_url, MaxNumberOfMessages=10) == ["1", "2", "3"]


def test_other_groups_flow_while_one_is_locked(sqs: Any, fifo_url: str) -> None:
    _send(sqs, fifo_url, "a1", group="a")
    _send(sqs, fifo_url, "a2", group="a")
    _send(sqs, fifo_url, "b1", group="b")
    assert _bodies(sqs, fifo_url) == ["a1"]
    assert _bodies(sqs, fifo_url, MaxNumberOfMessages=10) == ["b1"]


def test_deleting_the_head_unlocks_the_group(sqs: Any, fifo_url: str) -> None:
    _send(sqs, fifo_url, "1")
    _send(sqs, fifo_url, "2")
    [message] = sqs.receive_message(QueueUrl=fifo_url)["Messages"]
    assert _bodies(sqs, fifo_url) == []
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=message["ReceiptHandle"])
    assert _bodies(sqs, fifo_url) == ["2"]


def test_duplicate_within_five_minutes_is_accepted_but_not_delivered(
    sqs: Any, fifo_url: str, clock: VirtualClock
) -> None:
    first = _send(sqs, fifo_url, "pay", MessageDeduplicationId="order-1")
    clock.advance(299)
    again = _send(sqs, fifo_url, "pay again", MessageDeduplicationId="order-1")
    assert again["MessageId"] == first["MessageId"]
    assert again["SequenceNumber"] == first["SequenceNumber"]
    assert _bodies(sqs, fifo_url, MaxNumberOfMessages=10) == ["pay"]
    clock.advance(1)
    third = _send(sqs, fifo_url, "pay later", MessageDeduplicationId="order-1")
    assert third["MessageId"] != first["MessageId"]


def test_deduplication_outlives_the_delete(sqs: Any, fifo_url: str) -> None:
    _send(sqs, fifo_url, "x", MessageDeduplicationId="d")
    [message] = sqs.receive_message(QueueUrl=fifo_url)["Messages"]
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=message["ReceiptHandle"])
    _send(sqs, fifo_url, "x", MessageDeduplicationId="d")
    assert _bodies(sqs, fifo_url) == []


def test_content_based_deduplication_uses_the_sha256_of_the_body(sqs: Any) -> None:
    url = sqs.create_queue(
        QueueName="cbd.fifo",
        Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"},
    )["QueueUrl"]
    first = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
    again = sqs.send_message(QueueUrl=url, MessageBody="same", MessageGroupId="g")
    assert again["MessageId"] == first["MessageId"]
    explicit = hashlib.sha256(b"same").hexdigest()
    third = sqs.send_message(
        QueueUrl=url, MessageBody="other", MessageGroupId="g", MessageDeduplicationId=explicit
    )
    assert third["MessageId"] == first["MessageId"]
    [message] = sqs.receive_message(QueueUrl=url, MessageSystemAttributeNames=["All"])["Messages"]
    assert message["Attributes"]["MessageDeduplicationId"] == explicit
    assert message["Attributes"]["MessageGroupId"] == "g"
    assert message["Attributes"]["SequenceNumber"] == first["SequenceNumber"]


def test_deduplication_scope_message_group_separates_groups(sqs: Any) -> None:
    url = sqs.create_queue(
        QueueName="ht.fifo",
        Attributes={
            "FifoQueue": "true",
            "DeduplicationScope": "messageGroup",
            "FifoThroughputLimit": "perMessageGroupId",
        },
    )["QueueUrl"]
    a = _send(sqs, url, "m", group="a", MessageDeduplicationId="same")
    b = _send(sqs, url, "m", group="b", MessageDeduplicationId="same")
    assert a["MessageId"] != b["MessageId"]


def test_fifo_send_needs_a_message_group_id(sqs: Any, fifo_url: str) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.send_message(QueueUrl=fifo_url, MessageBody="m", MessageDeduplicationId="d")
    error = error_of(caught)
    assert error["Code"] == "MissingParameter"
    assert "MessageGroupId" in error["Message"]


def test_fifo_send_needs_a_deduplication_id_without_content_deduplication(
    sqs: Any, fifo_url: str
) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.send_message(QueueUrl=fifo_url, MessageBody="m", MessageGroupId="g")
    error = error_of(caught)
    assert error["Code"] == "InvalidParameterValue"
    assert "ContentBasedDeduplication" in error["Message"]


def test_fifo_queues_refuse_per_message_delay(sqs: Any, fifo_url: str) -> None:
    with pytest.raises(ClientError) as caught:
        _send(sqs, fifo_url, "m", DelaySeconds=5)
    assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_fifo_queue_delay_applies_to_every_message(sqs: Any, clock: VirtualClock) -> None:
    url = sqs.create_queue(
        QueueName="late.fifo", Attributes={"FifoQueue": "true", "DelaySeconds": "5"}
    )["QueueUrl"]
    _send(sqs, url, "1")
    clock.advance(2)
    _send(sqs, url, "2")
    clock.advance(3)
    assert _bodies(sqs, url, MaxNumberOfMessages=10) == ["1"]
    clock.advance(2)
    assert _bodies(sqs, url, MaxNumberOfMessages=10) == []  # 1 is in flight: group locked


def test_group_and_deduplication_ids_are_printable_ascii_up_to_128(sqs: Any, fifo_url: str) -> None:
    for group, dedup in (("g" * 129, "d"), ("g", "with space"), ("é", "d")):
        with pytest.raises(ClientError) as caught:
            sqs.send_message(
                QueueUrl=fifo_url,
                MessageBody="m",
                MessageGroupId=group,
                MessageDeduplicationId=dedup,
            )
        assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_a_fifo_receipt_handle_expires_with_its_visibility_timeout(
    sqs: Any, fifo_url: str, clock: VirtualClock
) -> None:
    _send(sqs, fifo_url, "m")
    [message] = sqs.receive_message(QueueUrl=fifo_url)["Messages"]
    clock.advance(30)
    with pytest.raises(ClientError) as caught:
        sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=message["ReceiptHandle"])
    error = error_of(caught)
    assert error["Code"] == "InvalidParameterValue"
    assert error["Message"].endswith("Reason: The receipt handle has expired.")
    [again] = sqs.receive_message(QueueUrl=fifo_url)["Messages"]
    sqs.delete_message(QueueUrl=fifo_url, ReceiptHandle=again["ReceiptHandle"])


def test_fifo_batch_keeps_the_order_of_its_entries(sqs: Any, fifo_url: str) -> None:
    response = sqs.send_message_batch(
        QueueUrl=fifo_url,
        Entries=[
            {
                "Id": str(i),
                "MessageBody": str(i),
                "MessageGroupId": "g",
                "MessageDeduplicationId": str(i),
            }
            for i in range(5)
        ],
    )
    assert_output_shape("sqs", "SendMessageBatch", response)
    numbers = [int(e["SequenceNumber"]) for e in response["Successful"]]
    assert numbers == sorted(numbers)
    assert _bodies(sqs, fifo_url, MaxNumberOfMessages=10) == ["0", "1", "2", "3", "4"]


def test_a_retried_receive_attempt_returns_the_same_messages(
    sqs: Any, fifo_url: str, clock: VirtualClock
) -> None:
    _send(sqs, fifo_url, "1")
    _send(sqs, fifo_url, "2", group="other")
    first = sqs.receive_message(QueueUrl=fifo_url, ReceiveRequestAttemptId="try-1")["Messages"]
    clock.advance(10)
    retry = sqs.receive_message(QueueUrl=fifo_url, ReceiveRequestAttemptId="try-1")["Messages"]
    assert [m["ReceiptHandle"] for m in retry] == [m["ReceiptHandle"] for m in first]
    fresh = sqs.receive_message(QueueUrl=fifo_url, ReceiveRequestAttemptId="try-2")["Messages"]
    assert [m["Body"] for m in fresh] == ["2"]
