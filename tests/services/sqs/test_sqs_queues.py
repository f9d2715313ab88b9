"""Queues: create, find, list, attributes, tags, permissions, purge and delete, as on AWS."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _sqs_support import error_of
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.testing import assert_output_shape

ACCOUNT = "000000000000"


def test_create_queue_returns_the_aws_queue_url(sqs: Any) -> None:
    response = sqs.create_queue(QueueName="orders")
    assert_output_shape("sqs", "CreateQueue", response)
    assert response["QueueUrl"] == f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/orders"


def test_queue_url_follows_the_client_region(cloud: Cloud) -> None:
    sqs = cloud.client("sqs", region_name="eu-west-1")
    url = sqs.create_queue(QueueName="orders")["QueueUrl"]
    assert url == f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/orders"
    with pytest.raises(ClientError) as caught:
        cloud.client("sqs", region_name="us-east-1").get_queue_url(QueueName="orders")
    assert error_of(caught)["Code"] == "AWS.SimpleQueueService.NonExistentQueue"


def test_create_queue_is_idempotent_with_the_same_attributes(sqs: Any) -> None:
    first = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})
    again = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})
    assert first["QueueUrl"] == again["QueueUrl"]
    assert sqs.create_queue(QueueName="q")["QueueUrl"] == first["QueueUrl"]


def test_fifo_queue_false_is_the_same_standard_queue(sqs: Any) -> None:
    first = sqs.create_queue(QueueName="q")
    again = sqs.create_queue(QueueName="q", Attributes={"FifoQueue": "false"})
    assert again["QueueUrl"] == first["QueueUrl"]


def test_create_queue_with_different_attributes_is_queue_name_exists(sqs: Any) -> None:
    sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})
    with pytest.raises(sqs.exceptions.QueueNameExists) as caught:
        sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "61"})
    error = error_of(caught)
    assert error["Code"] == "QueueAlreadyExists"
    assert error["QueryErrorCode"] == "QueueNameExists"
    assert "VisibilityTimeout" in error["Message"]


def test_standard_queue_names_are_alphanumeric_hyphen_underscore_up_to_80(sqs: Any) -> None:
    for name in ("", "a" * 81, "has space", "dot.ted", "x.fifo", "ü"):
        with pytest.raises(ClientError) as caught:
            sqs.create_queue(QueueName=name)
        assert error_of(caught)["Code"] == "InvalidParameterValue", name


def test_a_queue_name_of_80_characters_is_accepted(sqs: Any) -> None:
    sqs.create_queue(QueueName="a-_1" * 20)


def test_fifo_queue_needs_the_fifo_suffix(sqs: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.create_queue(QueueName="orders", Attributes={"FifoQueue": "true"})
    error = error_of(caught)
    assert error["Code"] == "InvalidParameterValue"
    assert ".fifo" in error["Message"]


def test_get_queue_url_finds_a_queue_by_name(sqs: Any, queue_url: str) -> None:
    response = sqs.get_queue_url(QueueName="work")
    assert_output_shape("sqs", "GetQueueUrl", response)
    assert response["QueueUrl"] == queue_url
    owned = sqs.get_queue_url(QueueName="work", QueueOwnerAWSAccountId=ACCOUNT)
    assert owned["QueueUrl"] == queue_url


def test_missing_queue_is_nonexistent_queue_and_the_modeled_exception(sqs: Any) -> None:
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as caught:
        sqs.get_queue_url(QueueName="missing")
    error = error_of(caught)
    assert error["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert error["QueryErrorCode"] == "QueueDoesNotExist"
    assert error["Type"] == "Sender"
    assert error["Status"] == 400
    assert error["Message"] == "The specified queue does not exist."


@pytest.mark.parametrize(
    "url",
    [
        "http://whatever-incorrect-queue-address",
        "https://sqs.us-east-1.amazonaws.com/",
        f"https://sqs.us-east-1.amazonaws.com/{ACCOUNT}/missing",
        "https://sqs.us-east-1.amazonaws.com/111111111111/work",
        "arn:aws:sqs:us-east-1:000000000000:work",
    ],
)
def test_a_url_that_names_no_queue_is_nonexistent_queue(sqs: Any, queue_url: str, url: str) -> None:
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_attributes(QueueUrl=url)


def test_a_bare_queue_name_is_accepted_as_queue_url(sqs: Any, queue_url: str) -> None:
    sqs.send_message(QueueUrl="work", MessageBody="by name")
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])
    assert attributes["Attributes"]["ApproximateNumberOfMessages"] == "1"


def test_list_queues_filters_by_prefix_and_pages(sqs: Any) -> None:
    for name in ("a1", "a2", "a3", "b1"):
        sqs.create_queue(QueueName=name)
    everything = sqs.list_queues()
    assert_output_shape("sqs", "ListQueues", everything)
    assert [u.rsplit("/", 1)[1] for u in everything["QueueUrls"]] == ["a1", "a2", "a3", "b1"]
    assert "NextToken" not in everything
    first = sqs.list_queues(QueueNamePrefix="a", MaxResults=2)
    assert_output_shape("sqs", "ListQueues", first)
    assert len(first["QueueUrls"]) == 2
    rest = sqs.list_queues(QueueNamePrefix="a", MaxResults=2, NextToken=first["NextToken"])
    assert [u.rsplit("/", 1)[1] for u in rest["QueueUrls"]] == ["a3"]
    assert "NextToken" not in rest


def test_list_queues_with_no_match_has_no_queue_urls(sqs: Any) -> None:
    response = sqs.list_queues(QueueNamePrefix="nothing")
    assert_output_shape("sqs", "ListQueues", response)
    assert "QueueUrls" not in response


def test_list_queues_max_results_is_1_to_1000(sqs: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.list_queues(MaxResults=1001)
    assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_all_attributes_of_a_new_standard_queue_are_aws_defaults(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    response = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])
    assert_output_shape("sqs", "GetQueueAttributes", response)
    created = str(int(clock.now()))
    assert response["Attributes"] == {
        "QueueArn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:work",
        "ApproximateNumberOfMessages": "0",
        "ApproximateNumberOfMessagesNotVisible": "0",
        "ApproximateNumberOfMessagesDelayed": "0",
        "CreatedTimestamp": created,
        "LastModifiedTimestamp": created,
        "VisibilityTimeout": "30",
        "MaximumMessageSize": "1048576",
        "MessageRetentionPeriod": "345600",
        "DelaySeconds": "0",
        "ReceiveMessageWaitTimeSeconds": "0",
        "SqsManagedSseEnabled": "true",
    }


def test_a_fifo_queue_also_reports_its_fifo_attributes(sqs: Any, fifo_url: str) -> None:
    attributes = sqs.get_queue_attributes(QueueUrl=fifo_url, AttributeNames=["All"])["Attributes"]
    assert attributes["FifoQueue"] == "true"
    assert attributes["ContentBasedDeduplication"] == "false"
    assert attributes["DeduplicationScope"] == "queue"
    assert attributes["FifoThroughputLimit"] == "perQueue"


def test_get_queue_attributes_returns_only_the_names_asked(sqs: Any, queue_url: str) -> None:
    response = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["VisibilityTimeout"])
    assert response["Attributes"] == {"VisibilityTimeout": "30"}
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue_url)
    with pytest.raises(ClientError) as caught:
        sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Colour"])
    assert error_of(caught)["Code"] == "InvalidAttributeName"


def test_set_queue_attributes_changes_values_and_last_modified(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    clock.advance(100)
    response = sqs.set_queue_attributes(
        QueueUrl=queue_url,
        Attributes={"VisibilityTimeout": "45", "DelaySeconds": "5", "Policy": _policy()},
    )
    assert_output_shape("sqs", "SetQueueAttributes", response)
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert attributes["VisibilityTimeout"] == "45"
    assert attributes["DelaySeconds"] == "5"
    assert json.loads(attributes["Policy"])["Statement"][0]["Sid"] == "s1"
    assert int(attributes["LastModifiedTimestamp"]) == int(attributes["CreatedTimestamp"]) + 100
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": ""})
    assert (
        "Policy"
        not in sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    )


OUT_OF_RANGE = [
    ("VisibilityTimeout", "43201"),
    ("VisibilityTimeout", "-1"),
    ("VisibilityTimeout", "soon"),
    ("DelaySeconds", "901"),
    ("MaximumMessageSize", "1023"),
    ("MaximumMessageSize", "1048577"),
    ("MessageRetentionPeriod", "59"),
    ("MessageRetentionPeriod", "1209601"),
    ("ReceiveMessageWaitTimeSeconds", "21"),
    ("SqsManagedSseEnabled", "maybe"),
    ("Policy", "{not json"),
]


def test_out_of_range_attribute_is_invalid_attribute_value(sqs: Any, queue_url: str) -> None:
    for name, value in OUT_OF_RANGE:
        with pytest.raises(ClientError) as caught:
            sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={name: value})
        error = error_of(caught)
        assert error["Code"] == "InvalidAttributeValue", (name, value)
        assert error["Message"].startswith(f"Invalid value for the parameter {name}.")


@pytest.mark.parametrize("name", ["Colour", "QueueArn", "ContentBasedDeduplication"])
def test_unknown_or_read_only_attribute_is_invalid_attribute_name(
    sqs: Any, queue_url: str, name: str
) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={name: "true"})
    assert error_of(caught) | {"Message": ""} == {
        "Code": "InvalidAttributeName",
        "QueryErrorCode": "InvalidAttributeName",
        "Type": "Sender",
        "Status": 400,
        "Message": "",
    }


def test_queue_type_cannot_change(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"FifoQueue": "true"})
    assert error_of(caught)["Code"] == "InvalidAttributeValue"


def test_high_throughput_fifo_needs_message_group_deduplication(sqs: Any, fifo_url: str) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.set_queue_attributes(
            QueueUrl=fifo_url, Attributes={"FifoThroughputLimit": "perMessageGroupId"}
        )
    assert error_of(caught)["Code"] == "InvalidAttributeValue"
    sqs.set_queue_attributes(
        QueueUrl=fifo_url,
        Attributes={
            "DeduplicationScope": "messageGroup",
            "FifoThroughputLimit": "perMessageGroupId",
        },
    )


def test_a_kms_key_replaces_sse_sqs(sqs: Any, queue_url: str) -> None:
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert attributes["KmsMasterKeyId"] == "alias/aws/sqs"
    assert attributes["KmsDataKeyReusePeriodSeconds"] == "300"
    assert attributes["SqsManagedSseEnabled"] == "false"


def test_tags_are_added_listed_overwritten_and_removed(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="tagged", tags={"team": "a"})["QueueUrl"]
    response = sqs.tag_queue(QueueUrl=url, Tags={"team": "b", "env": "dev"})
    assert_output_shape("sqs", "TagQueue", response)
    listed = sqs.list_queue_tags(QueueUrl=url)
    assert_output_shape("sqs", "ListQueueTags", listed)
    assert listed["Tags"] == {"team": "b", "env": "dev"}
    response = sqs.untag_queue(QueueUrl=url, TagKeys=["team"])
    assert_output_shape("sqs", "UntagQueue", response)
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"env": "dev"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["env"])
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)


def test_more_than_50_tags_are_refused(sqs: Any, queue_url: str) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.tag_queue(QueueUrl=queue_url, Tags={f"k{i}": "v" for i in range(51)})
    assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_add_and_remove_permission_edit_the_queue_policy(sqs: Any, queue_url: str) -> None:
    response = sqs.add_permission(
        QueueUrl=queue_url,
        Label="AliceSend",
        AWSAccountIds=["111122223333"],
        Actions=["SendMessage", "ReceiveMessage"],
    )
    assert_output_shape("sqs", "AddPermission", response)
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["Policy"])
    statement = json.loads(attributes["Attributes"]["Policy"])["Statement"][0]
    assert statement == {
        "Sid": "AliceSend",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": ["SQS:SendMessage", "SQS:ReceiveMessage"],
        "Resource": f"arn:aws:sqs:us-east-1:{ACCOUNT}:work",
    }
    with pytest.raises(ClientError) as caught:
        sqs.add_permission(
            QueueUrl=queue_url, Label="AliceSend", AWSAccountIds=["111122223333"], Actions=["*"]
        )
    assert error_of(caught)["Code"] == "InvalidParameterValue"
    response = sqs.remove_permission(QueueUrl=queue_url, Label="AliceSend")
    assert_output_shape("sqs", "RemovePermission", response)
    assert "Attributes" not in sqs.get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["Policy"]
    )
    with pytest.raises(ClientError) as caught:
        sqs.remove_permission(QueueUrl=queue_url, Label="AliceSend")
    assert error_of(caught)["Code"] == "InvalidParameterValue"


def test_add_permission_refuses_unknown_actions_and_more_than_seven(
    sqs: Any, queue_url: str
) -> None:
    with pytest.raises(ClientError) as caught:
        sqs.add_permission(
            QueueUrl=queue_url, Label="x", AWSAccountIds=["111122223333"], Actions=["Fly"]
        )
    assert error_of(caught)["Code"] == "InvalidParameterValue"
    with pytest.raises(sqs.exceptions.OverLimit) as over:
        sqs.add_permission(
            QueueUrl=queue_url,
            Label="x",
            AWSAccountIds=["111122223333"],
            Actions=["SendMessage"] * 8,
        )
    assert error_of(over)["Status"] == 403


def test_purge_removes_all_messages_once_a_minute(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="visible")
    sqs.send_message(QueueUrl=queue_url, MessageBody="in flight")
    sqs.receive_message(QueueUrl=queue_url)
    response = sqs.purge_queue(QueueUrl=queue_url)
    assert_output_shape("sqs", "PurgeQueue", response)
    assert "Messages" not in sqs.receive_message(QueueUrl=queue_url)
    with pytest.raises(sqs.exceptions.PurgeQueueInProgress) as caught:
        sqs.purge_queue(QueueUrl=queue_url)
    error = error_of(caught)
    assert error["Code"] == "AWS.SimpleQueueService.PurgeQueueInProgress"
    assert error["Status"] == 403
    clock.advance(60)
    sqs.purge_queue(QueueUrl=queue_url)


def test_deleted_queue_is_gone_and_its_name_free_after_60_seconds(
    sqs: Any, queue_url: str, clock: VirtualClock
) -> None:
    sqs.send_message(QueueUrl=queue_url, MessageBody="lost")
    response = sqs.delete_queue(QueueUrl=queue_url)
    assert_output_shape("sqs", "DeleteQueue", response)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.send_message(QueueUrl=queue_url, MessageBody="x")
    with pytest.raises(sqs.exceptions.QueueDeletedRecently) as caught:
        sqs.create_queue(QueueName="work")
    assert error_of(caught)["Code"] == "AWS.SimpleQueueService.QueueDeletedRecently"
    clock.advance(60)
    url = sqs.create_queue(QueueName="work")["QueueUrl"]
    assert "Messages" not in sqs.receive_message(QueueUrl=url)


def test_every_queue_operation_authorizes_its_action_on_the_queue_arn(
    cloud: Cloud, sqs: Any, queue_url: str
) -> None:
    arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:work"
    cloud.authorizer.clear()
    sqs.get_queue_url(QueueName="work")
    sqs.get_queue_attributes(QueueUrl=queue_url)
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"DelaySeconds": "1"})
    sqs.tag_queue(QueueUrl=queue_url, Tags={"a": "b"})
    sqs.untag_queue(QueueUrl=queue_url, TagKeys=["a"])
    sqs.list_queue_tags(QueueUrl=queue_url)
    sqs.purge_queue(QueueUrl=queue_url)
    sqs.list_dead_letter_source_queues(QueueUrl=queue_url)
    sqs.list_queues()
    sqs.delete_queue(QueueUrl=queue_url)
    assert cloud.authorizer.pairs() == [
        ("sqs:GetQueueUrl", arn),
        ("sqs:GetQueueAttributes", arn),
        ("sqs:SetQueueAttributes", arn),
        ("sqs:TagQueue", arn),
        ("sqs:UntagQueue", arn),
        ("sqs:ListQueueTags", arn),
        ("sqs:PurgeQueue", arn),
        ("sqs:ListDeadLetterSourceQueues", arn),
        ("sqs:ListQueues", "*"),
        ("sqs:DeleteQueue", arn),
    ]


def test_create_queue_with_tags_needs_create_and_tag_permissions(cloud: Cloud, sqs: Any) -> None:
    cloud.authorizer.clear()
    sqs.create_queue(QueueName="t", tags={"team": "a"})
    arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:t"
    assert cloud.authorizer.pairs() == [("sqs:CreateQueue", arn), ("sqs:TagQueue", arn)]
    request = cloud.authorizer.requests[0]
    assert request.context == {"aws:TagKeys": ["team"], "aws:RequestTag/team": "a"}


def _policy() -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "s1",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "sqs:*",
                    "Resource": "*",
                }
            ],
        }
    )
