"""Messages on standard queues: send, receive, visibility, delays, retention, delete, batches."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest
from _sqs_support import error_of
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.testing import assert_output_shape

ACCOUNT = "000000000000"


def _receive(sqs: Any, url: str, **kwargs: Any) -> list[dict[str, Any]]:
    response = sqs.receive_message(QueueUrl=url, **kwargs)
    assert_output_shape("sqs", "ReceiveMessage", response)
    return list(response.get("Messages", []))


def _count(sqs: Any, url: str, name: str) -> int:
    return int(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[name])["Attributes"][name])


def test_send_message_returns_id_and_md5_of_body(sqs: Any, queue_url: str) -> None:
    response = sqs.send_message(QueueUrl=queue_url, MessageBody="hello")
    assert_output_shape("sqs", "SendMessage", response)
    assert uuid.UUID(response["MessageId"])
    assert response["MD5OfMessageBody"] == hashlib.md5(b"hello").hexdigest()
    assert "MD5OfMessageAttributes" not in response
    assert "SequenceNumber" not in response


# Digests published for AWS's documented algorithm (message attributes sorted by name, each
# part length-prefixed, transport type 1 for String/Number, 2 for Binary).
@pytest.mark.parametrize(
    ("attributes", "digest"),
    [
        (
            {"timestamp": {"DataType": "Number", "StringValue": "1493147359900"}},
            "235c5c510d26fb653d073faed50ae77c",
        ),
        (
            {"SellerName": {"DataType": "String", "StringValue": "Example Store"}},
            "cd28f3b68aeee4b2eac9c66f2f694b58",
        ),
        (
            {
                "ordinal": {"DataType": "Number", "StringValue": "1"},
                "category": {"DataType": "String", "StringValue": "test"},
            },
            "d21ae90c49061e927f57df5f5d72be1f",
        ),
    ],
)
def test_md5_of_message_attributes_follows_the_aws_algorithm(
    sqs: Any, queue_url: str, attributes: dict[str, Any], digest: str
) -> None:
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="b", MessageAttributes=attributes)
    assert sent["MD5OfMessageAttributes"] == digest
    [message] = _receive(sqs, queue_url, MessageAttributeNames=["All"])
    assert message["MD5OfMessageAttributes"] == digest
    assert message["MessageAttributes"] == attributes


def test_binary_attributes_and_trace_header_round_trip(sqs: Any, queue_url: str) -> None:
    sent = sqs.send_message(
        QueueUrl=queue_url,
        MessageBody="b",
        MessageAttributes={"blob": {"DataType": "Binary.gz", "BinaryValue": b"\x00\x01\xff"}},
        MessageSystemAttributes={
            "AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1-5759e988-bd862e3fe"}
        },
    )
    assert sent["MD5OfMessageSystemAttributes"]
    [message] = _receive(
        sqs,
        queue_url,
        MessageAttributeNames=["blob"],
        MessageSystemAttributeNames=["AWSTraceHeader"],
    )
    assert message["MessageAttributes"]["blob"] == {
        "DataType": "Binary.gz",
        "BinaryValue": b"\x00\x01\xff",
    }
    assert message["MD5OfMessageAttributes"] == sent["MD5OfMessageAttributes"]
    assert message["Attributes"] == {"AWSTraceHeader": "Root=1-5759e988-bd862e3fe"}


def test_message_attribute_names_select_by_name_prefix_or_all(sqs: Any, queue_url: str) -> None:
    attributes = {
        name: {"DataType": "String", "StringValue": "v"} for name in ("a.x", "a.y", "b", "c")
    }
    sqs.send_message(QueueUrl=queue_url, MessageBody="b", MessageAttributes=attributes)
    [message] = _receive(sqs, queue_url, MessageAttributeNames=["a.*", "c"], VisibilityTimeout=0)
    assert sorted(message["MessageAttributes"]) == ["a.x", "a.y", "c"]
    [message] = _receive(sqs, queue_url, MessageAttributeNames=[".*"], VisibilityTimeout=0)
    assert sorted(message["MessageAttributes"]) == ["a.x", "a.y", "b", "c"]
    [message] = _receive(sqs, queue_url)
    assert "MessageAttributes" not in message and "MD5OfMessageAttributes" not in message


def test_receive_returns_system_attributes_asked_for(
    cloud: Cloud, sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="b")
    sent_ms = str(int(clock.now() * 1000))
    clock.advance(2)
    [first] = _receive(sqs, queue_url, MessageSystemAttributeNames=["All"], VisibilityTimeout=0)
    caller = cloud.client("sts").get_caller_identity()["UserId"]
    assert first["Attributes"] == {
        "SenderId": caller,
        "SentTimestamp": sent_ms,
        "ApproximateReceiveCount": "1",
        "ApproximateFirstReceiveTimestamp": str(int(clock.now() * 1000)),
    }
    clock.advance(3)
    [second] = _receive(sqs, queue_url, AttributeNames=["ApproximateReceiveCount"])
    assert second["Attributes"] == {"ApproximateReceiveCount": "2"}
    assert second["ReceiptHandle"] != first["ReceiptHandle"]


def test_receive_hides_message_until_visibility_timeout(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="once")
    assert len(_receive(sqs, queue_url)) == 1
    assert _count(sqs, queue_url, "ApproximateNumberOfMessagesNotVisible") == 1
    clock.advance(29.9)
    assert _receive(sqs, queue_url) == []
    clock.advance(0.1)
    assert _count(sqs, queue_url, "ApproximateNumberOfMessages") == 1
    assert [m["Body"] for m in _receive(sqs, queue_url)] == ["once"]


def test_receive_visibility_timeout_overrides_the_queue(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    _receive(sqs, queue_url, VisibilityTimeout=5)
    clock.advance(5)
    assert len(_receive(sqs, queue_url)) == 1


def test_receive_takes_at_most_max_number_of_messages(sqs: Any, queue_url: str) -> None:
    for i in range(12):
        sqs.send_message(QueueUrl=queue_url, MessageBody=str(i))
    assert len(_receive(sqs, queue_url)) == 1
    assert len(_receive(sqs, queue_url, MaxNumberOfMessages=10)) == 10
    assert len(_receive(sqs, queue_url, MaxNumberOfMessages=10)) == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"MaxNumberOfMessages": 11}, "Value 11 for parameter MaxNumberOfMessages is invalid."),
        ({"MaxNumberOfMessages": 0}, "Value 0 for parameter MaxNumberOfMessages is invalid."),
        ({"VisibilityTimeout": 43201}, "Value 43201 for parameter VisibilityTimeout is invalid."),
        ({"WaitTimeSeconds": 21}, "Value 21 for parameter WaitTimeSeconds is invalid."),
    ],
)
def test_receive_parameters_out_of_range_are_invalid_parameter_value(
    sqs: Any, queue_url: str, params: dict[str, int], message: str
) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.receive_message(QueueUrl=queue_url, **params)
    error = error_of(caught)
    assert error["Code"] == "InvalidParameterValue"
    assert error["Message"].startswith(message)


def test_message_delay_holds_it_back(sqs: Any, queue_url: str, clock: VirtualClock) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="later", DelaySeconds=10)
    assert _count(sqs, queue_url, "ApproximateNumberOfMessagesDelayed") == 1
    assert _receive(sqs, queue_url) == []
    clock.advance(10)
    assert [m["Body"] for m in _receive(sqs, queue_url)] == ["later"]


def test_queue_delay_applies_when_the_message_sets_none(sqs: Any, clock: VirtualClock) -> None:
    url = sqs.create_queue(QueueName="slow", Attributes={"DelaySeconds": "20"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="queue delay")
    sqs.send_message(QueueUrl=url, MessageBody="no delay", DelaySeconds=0)
    assert [m["Body"] for m in _receive(sqs, url, MaxNumberOfMessages=10)] == ["no delay"]
    clock.advance(20)
    assert [m["Body"] for m in _receive(sqs, url)] == ["queue delay"]


def test_delay_over_15_minutes_is_invalid(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.send_message(QueueUrl=queue_url, MessageBody="m", DelaySeconds=901)
    assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_messages_expire_after_the_retention_period(sqs: Any, clock: VirtualClock) -> None:
    url = sqs.create_queue(QueueName="short", Attributes={"MessageRetentionPeriod": "60"})[
        "QueueUrl"
    ]
    sqs.send_message(QueueUrl=url, MessageBody="old")
    clock.advance(59)
    assert _count(sqs, url, "ApproximateNumberOfMessages") == 1
    clock.advance(1)
    assert _count(sqs, url, "ApproximateNumberOfMessages") == 0
    assert _receive(sqs, url) == []


def test_delete_message_removes_it_for_good(sqs: Any, queue_url: str, clock: VirtualClock) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="done")
    [message] = _receive(sqs, queue_url)
    response = sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    assert_output_shape("sqs", "DeleteMessage", response)
    clock.advance(31)
    assert _receive(sqs, queue_url) == []
    # Deleting again with the same handle succeeds, as on AWS.
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


def test_an_older_receipt_handle_still_deletes_on_a_standard_queue(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    [first] = _receive(sqs, queue_url, VisibilityTimeout=1)
    clock.advance(1)
    [second] = _receive(sqs, queue_url)
    assert first["ReceiptHandle"] != second["ReceiptHandle"]
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=first["ReceiptHandle"])
    clock.advance(31)
    assert _receive(sqs, queue_url) == []


@pytest.mark.parametrize("handle", ["garbage", "aGVsbG8gd29ybGQ="])
def test_a_malformed_receipt_handle_is_receipt_handle_is_invalid(
    sqs: Any, queue_url: str, handle: str
) -> None:
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid) as caught:
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    error = error_of(caught)
    assert error["Code"] == "ReceiptHandleIsInvalid"
    assert error["Status"] == 404
    assert handle in error["Message"]


def test_a_receipt_handle_of_another_queue_is_invalid(sqs: Any, queue_url: str) -> None:
    other = sqs.create_queue(QueueName="other")["QueueUrl"]
    sqs.send_message(QueueUrl=other, MessageBody="m")
    [message] = _receive(sqs, other)
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
        sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])


def test_change_visibility_restarts_the_timeout_from_now(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    [message] = _receive(sqs, queue_url)
    clock.advance(20)
    response = sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=100
    )
    assert_output_shape("sqs", "ChangeMessageVisibility", response)
    clock.advance(99)
    assert _receive(sqs, queue_url) == []
    clock.advance(1)
    assert len(_receive(sqs, queue_url)) == 1


def test_change_visibility_to_zero_makes_it_visible_at_once(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    [message] = _receive(sqs, queue_url)
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
    )
    assert len(_receive(sqs, queue_url)) == 1


def test_change_visibility_of_a_message_not_in_flight(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    [message] = _receive(sqs, queue_url)
    clock.advance(30)
    with pytest.raises(sqs.exceptions.MessageNotInflight) as caught:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=10
        )
    assert error_of(caught)["Code"] == "AWS.SimpleQueueService.MessageNotInflight"


def test_visibility_cannot_reach_past_12_hours_from_the_receive(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    [message] = _receive(sqs, queue_url)
    clock.advance(10)
    with pytest.raises(ClientError) as caught:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=43_200
        )
    error = error_of(caught)
    assert error["Code"] == "InvalidParameterValue"
    assert "Total VisibilityTimeout for the message is beyond the limit" in error["Message"]
    sqs.change_message_visibility(
        QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=43_190
    )
    with pytest.raises(ClientError) as caught:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=43_201
        )
    assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_change_visibility_of_a_deleted_message_is_invalid(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="m")
    [message] = _receive(sqs, queue_url)
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    with pytest.raises(ClientError) as caught:
        sqs.change_message_visibility(
            QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=5
        )
    assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_invalid_characters_are_invalid_message_contents(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.InvalidMessageContents) as caught:
        sqs.send_message(QueueUrl=queue_url, MessageBody="bell \x07")
    error = error_of(caught)
    assert error["Code"] == "InvalidMessageContents"
    assert "#x7" in error["Message"]
    sqs.send_message(QueueUrl=queue_url, MessageBody="tab\tnewline\n emoji \U0001f600 \ufffd")


def test_message_larger_than_the_queue_maximum_is_refused(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="small", Attributes={"MaximumMessageSize": "1024"})["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="x" * 1024)
    with pytest.raises(ClientError) as caught:
        sqs.send_message(
            QueueUrl=url,
            MessageBody="x" * 1000,
            MessageAttributes={"name": {"DataType": "String", "StringValue": "y" * 20}},
        )
    error = error_of(caught)
    assert error["Code"] == "InvalidParameterValue"
    assert "Message must be shorter than 1024 bytes" in error["Message"]


def test_the_default_maximum_message_size_is_1_mib(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="x" * 1_048_576)
    with pytest.raises(ClientError):
        sqs.send_message(QueueUrl=queue_url, MessageBody="x" * 1_048_577)


def test_empty_body_is_missing_parameter(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.send_message(QueueUrl=queue_url, MessageBody="")
    assert error_of(caught)["Code"] == "MissingParameter"


INVALID_ATTRIBUTES: list[dict[str, Any]] = [
    {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)},
    {"AWS.reserved": {"DataType": "String", "StringValue": "v"}},
    {"two..dots": {"DataType": "String", "StringValue": "v"}},
    {"a": {"DataType": "Text", "StringValue": "v"}},
    {"a": {"DataType": "String", "StringValue": ""}},
    {"a": {"DataType": "Number", "StringValue": "twelve"}},
    {"a": {"DataType": "Binary"}},
    {"a": {"DataType": "String", "StringListValues": ["x"]}},
]


def test_invalid_message_attributes_are_refused(sqs: Any, queue_url: str) -> None:
    for attributes in INVALID_ATTRIBUTES:
        with pytest.raises(ClientError) as caught:
            sqs.send_message(QueueUrl=queue_url, MessageBody="m", MessageAttributes=attributes)
        assert error_of(caught)["Code"] == "InvalidParameterValue", attributes


def test_deduplication_id_belongs_to_fifo_queues(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.send_message(QueueUrl=queue_url, MessageBody="m", MessageDeduplicationId="d")
    assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_message_group_id_on_a_standard_queue_is_returned(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="m", MessageGroupId="tenant-1")
    [message] = _receive(sqs, queue_url, MessageSystemAttributeNames=["MessageGroupId"])
    assert message["Attributes"] == {"MessageGroupId": "tenant-1"}


def test_send_message_batch_reports_each_entry(sqs: Any, queue_url: str) -> None:
    response = sqs.send_message_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "ok-1", "MessageBody": "one"},
            {"Id": "bad", "MessageBody": "\x00"},
            {"Id": "ok_2", "MessageBody": "two", "DelaySeconds": 5},
        ],
    )
    assert_output_shape("sqs", "SendMessageBatch", response)
    assert [e["Id"] for e in response["Successful"]] == ["ok-1", "ok_2"]
    assert response["Successful"][0]["MD5OfMessageBody"] == hashlib.md5(b"one").hexdigest()
    [failed] = response["Failed"]
    assert failed["Id"] == "bad" and failed["SenderFault"] is True
    assert failed["Code"] == "InvalidMessageContents"
    assert [m["Body"] for m in _receive(sqs, queue_url, MaxNumberOfMessages=10)] == ["one"]


def test_batch_rules_empty_too_many_repeated_ids_bad_ids(sqs: Any, queue_url: str) -> None:
    cases = [
        ([], "AWS.SimpleQueueService.EmptyBatchRequest"),
        (
            [{"Id": str(i), "MessageBody": "m"} for i in range(11)],
            "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
        ),
        (
            [{"Id": "a", "MessageBody": "m"}, {"Id": "a", "MessageBody": "n"}],
            "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
        ),
        ([{"Id": "no spaces", "MessageBody": "m"}], "AWS.SimpleQueueService.InvalidBatchEntryId"),
    ]
    for entries, code in cases:
        with pytest.raises(ClientError) as caught:
            sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
        assert error_of(caught)["Code"] == code


def test_a_batch_over_1_mib_in_total_is_batch_request_too_long(sqs: Any, queue_url: str) -> None:
    entries = [{"Id": str(i), "MessageBody": "x" * 300_000} for i in range(4)]
    with pytest.raises(sqs.exceptions.BatchRequestTooLong) as caught:
        sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
    assert error_of(caught)["Code"] == "AWS.SimpleQueueService.BatchRequestTooLong"


def test_delete_message_batch(sqs: Any, queue_url: str) -> None:
    for body in ("a", "b"):
        sqs.send_message(QueueUrl=queue_url, MessageBody=body)
    messages = _receive(sqs, queue_url, MaxNumberOfMessages=10)
    entries = [{"Id": f"e{i}", "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
    entries.append({"Id": "bad", "ReceiptHandle": "garbage"})
    response = sqs.delete_message_batch(QueueUrl=queue_url, Entries=entries)
    assert_output_shape("sqs", "DeleteMessageBatch", response)
    assert [e["Id"] for e in response["Successful"]] == ["e0", "e1"]
    assert response["Failed"][0]["Id"] == "bad"
    assert response["Failed"][0]["Code"] == "ReceiptHandleIsInvalid"
    assert _count(sqs, queue_url, "ApproximateNumberOfMessagesNotVisible") == 0


def test_change_message_visibility_batch(sqs: Any, queue_url: str, clock: VirtualClock) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="a")
    [message] = _receive(sqs, queue_url)
    response = sqs.change_message_visibility_batch(
        QueueUrl=queue_url,
        Entries=[
            {"Id": "a", "ReceiptHandle": message["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "b", "ReceiptHandle": message["ReceiptHandle"]},
        ],
    )
    assert_output_shape("sqs", "ChangeMessageVisibilityBatch", response)
    assert response["Successful"] == [{"Id": "a"}]
    assert response["Failed"][0]["Code"] == "MissingParameter"
    assert len(_receive(sqs, queue_url)) == 1


def test_not_in_flight_in_a_batch_carries_the_query_code(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="a")
    [message] = _receive(sqs, queue_url)
    clock.advance(30)
    response = sqs.change_message_visibility_batch(
        QueueUrl=queue_url,
        Entries=[{"Id": "a", "ReceiptHandle": message["ReceiptHandle"], "VisibilityTimeout": 5}],
    )
    assert response["Failed"][0]["Code"] == "AWS.SimpleQueueService.MessageNotInflight"


def test_message_operations_authorize_the_single_actions(
    cloud: Cloud, sqs: Any, queue_url: str
) -> None:
    arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:work"
    cloud.authorizer.clear()
    sqs.send_message(QueueUrl=queue_url, MessageBody="a")
    sqs.send_message_batch(QueueUrl=queue_url, Entries=[{"Id": "b", "MessageBody": "b"}])
    messages = _receive(sqs, queue_url, MaxNumberOfMessages=2)
    handle = messages[0]["ReceiptHandle"]
    sqs.change_message_visibility(QueueUrl=queue_url, ReceiptHandle=handle, VisibilityTimeout=9)
    sqs.change_message_visibility_batch(
        QueueUrl=queue_url, Entries=[{"Id": "c", "ReceiptHandle": handle, "VisibilityTimeout": 9}]
    )
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=handle)
    sqs.delete_message_batch(
        QueueUrl=queue_url, Entries=[{"Id": "d", "ReceiptHandle": messages[1]["ReceiptHandle"]}]
    )
    assert cloud.authorizer.pairs() == [
        ("sqs:SendMessage", arn),
        ("sqs:SendMessage", arn),
        ("sqs:ReceiveMessage", arn),
        ("sqs:ChangeMessageVisibility", arn),
        ("sqs:ChangeMessageVisibility", arn),
        ("sqs:DeleteMessage", arn),
        ("sqs:DeleteMessage", arn),
    ]
