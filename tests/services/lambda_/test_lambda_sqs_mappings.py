"""Event source mappings from SQS: batches delivered as SQS events, deleted once handled, kept
for redelivery (and the queue's dead-letter queue) when the function fails.
https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.testing import assert_output_shape

Make = Callable[..., dict[str, Any]]


@pytest.fixture
def sqs(cloud: Cloud) -> Any:
    return cloud.client("sqs")


@pytest.fixture
def s3(cloud: Cloud) -> Any:
    client = cloud.client("s3")
    client.create_bucket(Bucket="batches-bucket")
    return client


def _queue(sqs: Any, name: str, **attributes: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    return url, arn["QueueArn"]


def _batches(s3: Any) -> list[dict[str, Any]]:
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="batches-bucket").get("Contents", [])]
    return [json.load(s3.get_object(Bucket="batches-bucket", Key=k)["Body"]) for k in keys]


def _visible(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"])


def test_messages_reach_the_function_as_an_sqs_event_and_are_deleted(
    make_function: Make, lam: Any, sqs: Any, s3: Any, cloud: Cloud
) -> None:
    url, arn = _queue(sqs, "orders")
    make_function(handler="app.record_batch")
    mapping = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="fn", BatchSize=5)
    assert_output_shape("lambda", "CreateEventSourceMapping", mapping)
    assert (mapping["State"], mapping["BatchSize"]) == ("Creating", 5)
    sqs.send_message(
        QueueUrl=url,
        MessageBody="order-1",
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "invoice"}},
    )
    cloud.engine.run_until_idle()
    (batch,) = _batches(s3)
    (record,) = batch["Records"]
    assert (record["body"], record["eventSource"], record["eventSourceARN"]) == (
        "order-1",
        "aws:sqs",
        arn,
    )
    assert record["awsRegion"] == "us-east-1"
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["messageAttributes"]["kind"] == {
        "stringValue": "invoice",
        "stringListValues": [],
        "binaryListValues": [],
        "dataType": "String",
    }
    assert _visible(sqs, url) == 0
    assert sqs.receive_message(QueueUrl=url).get("Messages") is None  # deleted, not in flight
    got = lam.get_event_source_mapping(UUID=mapping["UUID"])
    assert got["State"] == "Enabled"


def test_a_backlog_is_split_into_batches_of_the_batch_size(
    make_function: Make, lam: Any, sqs: Any, s3: Any, cloud: Cloud
) -> None:
    url, arn = _queue(sqs, "backlog")
    for i in range(7):
        sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
    make_function(handler="app.record_batch")
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="fn", BatchSize=3)
    cloud.engine.run_until_idle()
    sizes = sorted(len(b["Records"]) for b in _batches(s3))
    assert sizes == [1, 3, 3]


def test_a_failed_batch_comes_back_and_ends_in_the_dead_letter_queue(
    make_function: Make, lam: Any, sqs: Any, cloud: Cloud, clock: VirtualClock
) -> None:
    dlq_url, dlq_arn = _queue(sqs, "orders-dlq")
    policy = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})
    url, arn = _queue(sqs, "orders", VisibilityTimeout="30", RedrivePolicy=policy)
    make_function(handler="app.fail")
    lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="fn")
    sqs.send_message(QueueUrl=url, MessageBody="poison")
    start = clock.now()
    cloud.engine.run_until_idle()
    assert clock.now() >= start + 60  # two receives, a visibility timeout apart, then moved
    (moved,) = sqs.receive_message(QueueUrl=dlq_url)["Messages"]
    assert moved["Body"] == "poison"


def test_report_batch_item_failures_keeps_only_the_named_messages(
    make_function: Make, lam: Any, sqs: Any, cloud: Cloud
) -> None:
    url, arn = _queue(sqs, "mixed", VisibilityTimeout="30")
    make_function(handler="app.fail_bad")
    mapping = lam.create_event_source_mapping(
        EventSourceArn=arn,
        FunctionName="fn",
        FunctionResponseTypes=["ReportBatchItemFailures"],
        Enabled=False,
    )
    for body in ("good", "bad", "good"):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    cloud.engine.run_due()
    assert _visible(sqs, url) == 3  # a disabled mapping does not poll
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=True)
    cloud.engine.run_due()
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    cloud.engine.run_until_idle()
    left = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)
    assert [m["Body"] for m in left.get("Messages", [])] == ["bad"]


def test_one_mapping_per_queue_and_function(make_function: Make, lam: Any, sqs: Any) -> None:
    _, arn = _queue(sqs, "once")
    make_function()
    first = lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="fn")
    with pytest.raises(ClientError) as exc:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="fn")
    assert exc.value.response["Error"]["Code"] == "ResourceConflictException"
    assert first["UUID"] in exc.value.response["Error"]["Message"]
    listed = lam.list_event_source_mappings(FunctionName="fn")["EventSourceMappings"]
    assert [m["UUID"] for m in listed] == [first["UUID"]]
    assert lam.delete_event_source_mapping(UUID=first["UUID"])["State"] == "Deleting"
    assert lam.list_event_source_mappings(EventSourceArn=arn)["EventSourceMappings"] == []


def test_batches_over_ten_need_a_batching_window(make_function: Make, lam: Any, sqs: Any) -> None:
    _, arn = _queue(sqs, "big")
    make_function()
    with pytest.raises(ClientError) as exc:
        lam.create_event_source_mapping(EventSourceArn=arn, FunctionName="fn", BatchSize=100)
    assert exc.value.response["Error"]["Message"] == (
        "Maximum batch window in seconds must be greater than 0 if maximum batch size is "
        "greater than 10"
    )
