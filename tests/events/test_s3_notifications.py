"""S3 event notifications delivered to SQS queues and Lambda functions, with S3's own records.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from typing import Any

import pytest

from fourbeat import Cloud

BUCKET = "uploads-bucket"


@pytest.fixture
def s3(cloud: Cloud) -> Any:
    client = cloud.client("s3")
    client.create_bucket(Bucket=BUCKET)
    return client


def _s3_may_send(queue_arn: str) -> str:
    """The queue policy S3 needs to deliver the bucket's events."""
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": queue_arn,
        "Condition": {
            "ArnLike": {"aws:SourceArn": f"arn:aws:s3:::{BUCKET}"},
            "StringEquals": {"aws:SourceAccount": "000000000000"},
        },
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture
def queue(cloud: Cloud) -> tuple[str, str]:
    sqs = cloud.client("sqs")
    url = sqs.create_queue(QueueName="uploads")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _s3_may_send(arn["QueueArn"])})
    return url, arn["QueueArn"]


def _notify_queue(s3: Any, queue_arn: str, events: list[str], **rules: str) -> None:
    entry: dict[str, Any] = {"Id": "to-queue", "QueueArn": queue_arn, "Events": events}
    if rules:
        filter_rules = [{"Name": name, "Value": value} for name, value in rules.items()]
        entry["Filter"] = {"Key": {"FilterRules": filter_rules}}
    s3.put_bucket_notification_configuration(
        Bucket=BUCKET, NotificationConfiguration={"QueueConfigurations": [entry]}
    )


def _messages(cloud: Cloud, url: str) -> list[Any]:
    cloud.engine.run_until_idle()
    sqs = cloud.client("sqs")
    found = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
    for message in found:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return [json.loads(m["Body"]) for m in found]


def test_configuring_a_queue_sends_it_s3s_test_event(
    cloud: Cloud, s3: Any, queue: tuple[str, str]
) -> None:
    _notify_queue(s3, queue[1], ["s3:ObjectCreated:*"])
    (message,) = _messages(cloud, queue[0])
    assert (message["Service"], message["Event"], message["Bucket"]) == (
        "Amazon S3",
        "s3:TestEvent",
        BUCKET,
    )


def test_a_put_matching_the_filter_sends_s3s_record(
    cloud: Cloud, s3: Any, queue: tuple[str, str]
) -> None:
    _notify_queue(s3, queue[1], ["s3:ObjectCreated:*"], Prefix="in/", Suffix=".pdf")
    _messages(cloud, queue[0])  # the test event
    put = s3.put_object(Bucket=BUCKET, Key="in/March invoice.pdf", Body=b"%PDF-1.7 ...")
    s3.put_object(Bucket=BUCKET, Key="in/notes.txt", Body=b"no")  # suffix does not match
    s3.put_object(Bucket=BUCKET, Key="out/x.pdf", Body=b"no")  # prefix does not match
    (message,) = _messages(cloud, queue[0])
    (record,) = message["Records"]
    assert (record["eventVersion"], record["eventSource"]) == ("2.1", "aws:s3")
    assert (record["eventName"], record["awsRegion"]) == ("ObjectCreated:Put", "us-east-1")
    assert record["eventTime"].endswith("Z")
    assert record["userIdentity"]["principalId"].startswith("AWS:AIDA")
    assert record["responseElements"]["x-amz-request-id"] == put["ResponseMetadata"]["RequestId"]
    assert record["s3"]["configurationId"] == "to-queue"
    assert record["s3"]["bucket"]["arn"] == f"arn:aws:s3:::{BUCKET}"
    obj = record["s3"]["object"]
    assert obj["key"] == "in/March+invoice.pdf"  # URL-encoded, spaces as +
    assert (obj["size"], obj["eTag"]) == (12, put["ETag"].strip('"'))
    assert "versionId" not in obj  # the bucket was never versioned
    assert len(obj["sequencer"]) == 18


def test_removals_and_copies_are_their_own_events(
    cloud: Cloud, s3: Any, queue: tuple[str, str]
) -> None:
    s3.put_object(Bucket=BUCKET, Key="a", Body=b"1")
    _notify_queue(s3, queue[1], ["s3:ObjectRemoved:*", "s3:ObjectCreated:Copy"])
    _messages(cloud, queue[0])
    s3.copy_object(Bucket=BUCKET, Key="b", CopySource=f"{BUCKET}/a")
    s3.delete_object(Bucket=BUCKET, Key="a")
    names = [m["Records"][0]["eventName"] for m in _messages(cloud, queue[0])]
    assert sorted(names) == ["ObjectCreated:Copy", "ObjectRemoved:Delete"]


def test_a_versioned_bucket_names_versions_and_sequencers_grow(
    cloud: Cloud, s3: Any, queue: tuple[str, str]
) -> None:
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    _notify_queue(s3, queue[1], ["s3:ObjectCreated:Put", "s3:ObjectRemoved:DeleteMarkerCreated"])
    _messages(cloud, queue[0])
    put = s3.put_object(Bucket=BUCKET, Key="k", Body=b"1")
    deleted = s3.delete_object(Bucket=BUCKET, Key="k")
    records = sorted(
        (m["Records"][0] for m in _messages(cloud, queue[0])),
        key=lambda r: r["s3"]["object"]["sequencer"],
    )
    assert [r["eventName"] for r in records] == [
        "ObjectCreated:Put",
        "ObjectRemoved:DeleteMarkerCreated",
    ]
    assert records[0]["s3"]["object"]["versionId"] == put["VersionId"]
    assert records[1]["s3"]["object"]["versionId"] == deleted["VersionId"]


LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
HANDLER = """
import boto3, json, urllib.parse
def handler(event, context):
    record = event["Records"][0]
    key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
    body = json.dumps(event)
    boto3.client("s3").put_object(Bucket="results-bucket", Key=key + ".seen", Body=body)
"""


def test_an_upload_invokes_a_function_with_the_event(cloud: Cloud, s3: Any) -> None:
    iam = cloud.client("iam")
    role = iam.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST))
    write = {
        "Effect": "Allow",
        "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::results-bucket/*",
    }
    iam.put_role_policy(
        RoleName="reader",
        PolicyName="write-results",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [write]}),
    )
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("app.py", HANDLER)
    function = cloud.client("lambda").create_function(
        FunctionName="on-upload",
        Runtime="python3.12",
        Role=role["Role"]["Arn"],
        Handler="app.handler",
        Code={"ZipFile": package.getvalue()},
    )["FunctionArn"]
    s3.create_bucket(Bucket="results-bucket")
    cloud.client("lambda").add_permission(
        FunctionName="on-upload",
        StatementId="s3-invokes",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn=f"arn:aws:s3:::{BUCKET}",
        SourceAccount="000000000000",
    )
    s3.put_bucket_notification_configuration(
        Bucket=BUCKET,
        NotificationConfiguration={
            "LambdaFunctionConfigurations": [
                {"LambdaFunctionArn": function, "Events": ["s3:ObjectCreated:*"]}
            ]
        },
    )
    s3.put_object(Bucket=BUCKET, Key="scan 1.png", Body=b"\x89PNG")
    cloud.engine.run_until_idle()  # the delivery, then the function's asynchronous invocation
    seen = s3.get_object(Bucket="results-bucket", Key="scan 1.png.seen")["Body"].read()
    assert json.loads(seen)["Records"][0]["s3"]["object"]["key"] == "scan+1.png"


def test_a_queue_whose_policy_does_not_allow_s3_gets_nothing(
    cloud: Cloud, s3: Any, caplog: pytest.LogCaptureFixture
) -> None:
    sqs = cloud.client("sqs")
    url = sqs.create_queue(QueueName="closed")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    _notify_queue(s3, arn["QueueArn"], ["s3:ObjectCreated:*"])
    _messages(cloud, url)  # the test event is the bucket owner's own
    with caplog.at_level(logging.WARNING, logger="fourbeat.events"):
        s3.put_object(Bucket=BUCKET, Key="k", Body=b"1")
        assert _messages(cloud, url) == []
    assert "s3.amazonaws.com may not deliver to" in caplog.text
