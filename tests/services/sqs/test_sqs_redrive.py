"""Dead-letter queues: RedrivePolicy, moving after maxReceiveCount, and redrive move tasks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _sqs_support import error_of
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.testing import assert_output_shape

ACCOUNT = "000000000000"


def _arn(name: str) -> str:
    return f"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}"


def _redrive(dlq: str, count: int = 2) -> str:
    return json.dumps({"deadLetterTargetArn": _arn(dlq), "maxReceiveCount": str(count)})


@pytest.fixture
def pair(sqs: Any) -> tuple[str, str]:
    """A source queue whose messages go to ``dead`` after two receives (visibility 10 s)."""
    dlq = sqs.create_queue(QueueName="dead")["QueueUrl"]
    source = sqs.create_queue(
        QueueName="source",
        Attributes={"RedrivePolicy": _redrive("dead"), "VisibilityTimeout": "10"},
    )["QueueUrl"]
    return source, dlq


def _fail_twice(sqs: Any, url: str, clock: VirtualClock) -> None:
    for _ in range(2):
        assert len(sqs.receive_message(QueueUrl=url).get("Messages", [])) == 1
        clock.advance(10)


def test_redrive_policy_is_stored_with_a_numeric_max_receive_count(
    sqs: Any, pair: tuple[str, str]
) -> None:
    source, _ = pair
    attributes = sqs.get_queue_attributes(QueueUrl=source, AttributeNames=["RedrivePolicy"])
    assert attributes["Attributes"]["RedrivePolicy"] == (
        f'{{"deadLetterTargetArn":"{_arn("dead")}","maxReceiveCount":2}}'
    )


def test_message_moves_to_the_dlq_after_max_receive_count(
    sqs: Any, pair: tuple[str, str], clock: VirtualClock
) -> None:
    source, dlq = pair
    sent = sqs.send_message(
        QueueUrl=source,
        MessageBody="poison",
        MessageAttributes={"k": {"DataType": "String", "StringValue": "v"}},
    )
    _fail_twice(sqs, source, clock)
    assert "Messages" not in sqs.receive_message(QueueUrl=source)
    response = sqs.receive_message(
        QueueUrl=dlq, MessageAttributeNames=["All"], MessageSystemAttributeNames=["All"]
    )
    assert_output_shape("sqs", "ReceiveMessage", response)
    [message] = response["Messages"]
    assert message["MessageId"] == sent["MessageId"]
    assert message["Body"] == "poison"
    assert message["MessageAttributes"] == {"k": {"DataType": "String", "StringValue": "v"}}
    assert message["Attributes"]["DeadLetterQueueSourceArn"] == _arn("source")
    assert message["Attributes"]["ApproximateReceiveCount"] == "3"


def test_a_standard_dlq_keeps_the_original_retention_clock(sqs: Any, clock: VirtualClock) -> None:
    sqs.create_queue(QueueName="dead", Attributes={"MessageRetentionPeriod": "100"})
    source = sqs.create_queue(
        QueueName="source", Attributes={"RedrivePolicy": _redrive("dead", 1)}
    )["QueueUrl"]
    sqs.send_message(QueueUrl=source, MessageBody="m")
    sqs.receive_message(QueueUrl=source)
    clock.advance(90)
    sqs.receive_message(QueueUrl=source)  # moves it to the DLQ, 90 s after it was sent
    dlq = sqs.get_queue_url(QueueName="dead")["QueueUrl"]
    clock.advance(10)
    assert "Messages" not in sqs.receive_message(QueueUrl=dlq)


def test_redrive_policy_checks_its_target(sqs: Any, queue_url: str, fifo_url: str) -> None:
    cases = [
        ("not json", "Redrive policy is not a valid JSON map."),
        (json.dumps({"maxReceiveCount": 1}), "mandatory attribute: deadLetterTargetArn"),
        (_redrive("work", 0), "Invalid value for maxReceiveCount: 0"),
        (_redrive("work", 1001), "valid values are from 1 to 1000 both inclusive"),
        (_redrive("missing"), "Dead letter target does not exist."),
        (_redrive("work.fifo"), "same type of queue"),
    ]
    for policy, reason in cases:
        with pytest.raises(ClientError) as caught:
            sqs.create_queue(QueueName="source", Attributes={"RedrivePolicy": policy})
        error = error_of(caught)
        assert error["Code"] == "InvalidParameterValue"
        assert reason in error["Message"]
        assert error["Message"].startswith(
            f"Value {policy} for parameter RedrivePolicy is invalid."
        )


def test_redrive_allow_policy_can_refuse_a_source(sqs: Any) -> None:
    sqs.create_queue(
        QueueName="dead",
        Attributes={
            "RedriveAllowPolicy": json.dumps(
                {"redrivePermission": "byQueue", "sourceQueueArns": [_arn("allowed")]}
            )
        },
    )
    sqs.create_queue(QueueName="allowed", Attributes={"RedrivePolicy": _redrive("dead")})
    with pytest.raises(ClientError) as caught:
        sqs.create_queue(QueueName="other", Attributes={"RedrivePolicy": _redrive("dead")})
    assert "does not allow this queue" in error_of(caught)["Message"]
    with pytest.raises(ClientError):
        sqs.create_queue(
            QueueName="bad", Attributes={"RedriveAllowPolicy": '{"redrivePermission":"some"}'}
        )


def test_list_dead_letter_source_queues(sqs: Any, pair: tuple[str, str]) -> None:
    source, dlq = pair
    response = sqs.list_dead_letter_source_queues(QueueUrl=dlq)
    assert_output_shape("sqs", "ListDeadLetterSourceQueues", response)
    assert response["queueUrls"] == [source]
    empty = sqs.list_dead_letter_source_queues(QueueUrl=source)
    assert empty["queueUrls"] == []


def test_removing_the_redrive_policy_keeps_messages_in_the_source(
    sqs: Any, pair: tuple[str, str], clock: VirtualClock
) -> None:
    source, _ = pair
    sqs.send_message(QueueUrl=source, MessageBody="m")
    sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": ""})
    _fail_twice(sqs, source, clock)
    assert len(sqs.receive_message(QueueUrl=source)["Messages"]) == 1


def test_fifo_dlq_keeps_group_order(sqs: Any, clock: VirtualClock) -> None:
    sqs.create_queue(QueueName="dead.fifo", Attributes={"FifoQueue": "true"})
    source = sqs.create_queue(
        QueueName="source.fifo",
        Attributes={"FifoQueue": "true", "RedrivePolicy": _redrive("dead.fifo", 1)},
    )["QueueUrl"]
    for body in ("1", "2"):
        sqs.send_message(
            QueueUrl=source, MessageBody=body, MessageGroupId="g", MessageDeduplicationId=body
        )
    sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)
    clock.advance(30)
    assert "Messages" not in sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)
    dlq = sqs.get_queue_url(QueueName="dead.fifo")["QueueUrl"]
    messages = sqs.receive_message(
        QueueUrl=dlq, MaxNumberOfMessages=10, MessageSystemAttributeNames=["MessageGroupId"]
    )["Messages"]
    assert [m["Body"] for m in messages] == ["1", "2"]
    assert messages[0]["Attributes"] == {"MessageGroupId": "g"}


def test_move_task_redrives_messages_back_to_their_source(
    cloud: Cloud, sqs: Any, pair: tuple[str, str], clock: VirtualClock
) -> None:
    source, dlq = pair
    for body in ("a", "b"):
        sqs.send_message(QueueUrl=source, MessageBody=body)
    for _ in range(2):
        sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)
        clock.advance(10)
    sqs.receive_message(QueueUrl=source, MaxNumberOfMessages=10)
    cloud.authorizer.clear()
    started = sqs.start_message_move_task(SourceArn=_arn("dead"))
    assert_output_shape("sqs", "StartMessageMoveTask", started)
    assert ("sqs:SendMessage", _arn("source")) in cloud.authorizer.pairs()
    assert ("sqs:StartMessageMoveTask", _arn("dead")) in cloud.authorizer.pairs()
    listed = sqs.list_message_move_tasks(SourceArn=_arn("dead"))
    assert_output_shape("sqs", "ListMessageMoveTasks", listed)
    [task] = listed["Results"]
    assert task["Status"] == "COMPLETED"
    assert task["ApproximateNumberOfMessagesMoved"] == 2
    assert task["ApproximateNumberOfMessagesToMove"] == 2
    assert task["StartedTimestamp"] == int(clock.now() * 1000)
    assert "TaskHandle" not in task
    messages = sqs.receive_message(
        QueueUrl=source, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"]
    )["Messages"]
    assert sorted(m["Body"] for m in messages) == ["a", "b"]
    assert all(m["Attributes"]["ApproximateReceiveCount"] == "1" for m in messages)
    assert "Messages" not in sqs.receive_message(QueueUrl=dlq)


def test_move_task_with_a_rate_moves_over_time_and_can_be_cancelled(
    sqs: Any, pair: tuple[str, str], clock: VirtualClock
) -> None:
    _, dlq = pair
    other = sqs.create_queue(QueueName="elsewhere")["QueueUrl"]
    for i in range(5):
        sqs.send_message(QueueUrl=dlq, MessageBody=str(i))
    handle = sqs.start_message_move_task(
        SourceArn=_arn("dead"), DestinationArn=_arn("elsewhere"), MaxNumberOfMessagesPerSecond=1
    )["TaskHandle"]
    clock.advance(2)
    [task] = sqs.list_message_move_tasks(SourceArn=_arn("dead"), MaxResults=10)["Results"]
    assert task["Status"] == "RUNNING"
    assert task["TaskHandle"] == handle
    assert task["DestinationArn"] == _arn("elsewhere")
    assert task["MaxNumberOfMessagesPerSecond"] == 1
    assert task["ApproximateNumberOfMessagesMoved"] == 2
    with pytest.raises(ClientError) as caught:
        sqs.start_message_move_task(SourceArn=_arn("dead"))
    assert "already a task running" in error_of(caught)["Message"]
    cancelled = sqs.cancel_message_move_task(TaskHandle=handle)
    assert_output_shape("sqs", "CancelMessageMoveTask", cancelled)
    assert cancelled["ApproximateNumberOfMessagesMoved"] == 2
    clock.advance(10)
    moved = sqs.receive_message(QueueUrl=other, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in moved] == ["0", "1"]
    [task] = sqs.list_message_move_tasks(SourceArn=_arn("dead"))["Results"]
    assert task["Status"] == "CANCELLED"


def test_move_task_needs_a_dead_letter_queue_that_exists(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.ResourceNotFoundException) as caught:
        sqs.start_message_move_task(SourceArn=_arn("missing"))
    assert error_of(caught)["Status"] == 404
    with pytest.raises(ClientError) as caught:
        sqs.start_message_move_task(SourceArn=_arn("work"))
    assert error_of(caught)["Message"] == "Source queue must be configured as a Dead Letter Queue."
    with pytest.raises(ClientError) as caught:
        sqs.start_message_move_task(SourceArn="work")
    assert error_of(caught)["Code"] == "InvalidParameterValue"
    with pytest.raises(sqs.exceptions.ResourceNotFoundException):
        sqs.cancel_message_move_task(TaskHandle="bm8gc3VjaCB0YXNr")


def test_a_long_poll_receives_what_a_move_task_brings(
    sqs: Any, pair: tuple[str, str], clock: VirtualClock
) -> None:
    _, dlq = pair
    other = sqs.create_queue(QueueName="elsewhere")["QueueUrl"]
    sqs.send_message(QueueUrl=dlq, MessageBody="back")
    sqs.start_message_move_task(
        SourceArn=_arn("dead"), DestinationArn=_arn("elsewhere"), MaxNumberOfMessagesPerSecond=1
    )
    start = clock.now()
    [message] = sqs.receive_message(QueueUrl=other, WaitTimeSeconds=5)["Messages"]
    assert message["Body"] == "back"
    assert 1 <= clock.now() - start < 1.2
