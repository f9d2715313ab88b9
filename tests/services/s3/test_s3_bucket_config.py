"""Bucket documents: policy, notification configuration and tags, stored and checked."""

from __future__ import annotations

import json
from typing import Any

from _s3_support import aws_error, shaped, status

QUEUE = "arn:aws:sqs:us-east-1:000000000000:uploads"
TOPIC = "arn:aws:sns:us-east-1:000000000000:uploads"
FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:on-upload"


def _policy(bucket: str, **statement: Any) -> str:
    base = {
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [{**base, **statement}]})


def test_bucket_policy_is_stored_answered_and_deleted(s3: Any, bucket: str) -> None:
    with aws_error("NoSuchBucketPolicy", 404) as error:
        s3.get_bucket_policy(Bucket=bucket)
    assert error["BucketName"] == bucket
    policy = _policy(bucket)
    shaped("PutBucketPolicy", s3.put_bucket_policy, Bucket=bucket, Policy=policy)
    assert shaped("GetBucketPolicy", s3.get_bucket_policy, Bucket=bucket)["Policy"] == policy
    deleted = shaped("DeleteBucketPolicy", s3.delete_bucket_policy, Bucket=bucket)
    assert status(deleted) == 204
    with aws_error("NoSuchBucketPolicy", 404):
        s3.get_bucket_policy(Bucket=bucket)


def test_malformed_bucket_policies_are_refused(s3: Any, bucket: str) -> None:
    cases = {
        "not json": "Policies must be valid JSON and the first byte must be '{'",
        "{not json": "This policy contains invalid Json",
        _policy(bucket, Effect="Maybe"): "Invalid effect: Maybe",
        _policy(bucket, Resource="arn:aws:s3:::other-bucket/*"): "Policy has invalid resource",
        _policy(bucket, Action="s3:NoSuchAction"): "Policy has invalid action",
        json.dumps({"Version": "2012-10-17"}): "Missing required field Statement",
    }
    for policy, message in cases.items():
        with aws_error("MalformedPolicy", 400) as error:
            s3.put_bucket_policy(Bucket=bucket, Policy=policy)
        assert error["Message"] == message
    s3.put_bucket_policy(
        Bucket=bucket,
        Policy=_policy(
            bucket,
            Action=["s3:Get*", "s3:ListBucket"],
            Resource=[f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        ),
    )


def test_notification_configuration_is_stored_with_generated_ids(s3: Any, bucket: str) -> None:
    assert shaped(
        "GetBucketNotificationConfiguration",
        s3.get_bucket_notification_configuration,
        Bucket=bucket,
    ).keys() == {"ResponseMetadata"}
    config = {
        "QueueConfigurations": [
            {
                "QueueArn": QUEUE,
                "Events": ["s3:ObjectCreated:*"],
                "Filter": {
                    "Key": {
                        "FilterRules": [
                            {"Name": "prefix", "Value": "incoming/"},
                            {"Name": "suffix", "Value": ".pdf"},
                        ]
                    }
                },
            }
        ],
        "TopicConfigurations": [
            {"Id": "removals", "TopicArn": TOPIC, "Events": ["s3:ObjectRemoved:Delete"]}
        ],
        "LambdaFunctionConfigurations": [
            {
                "LambdaFunctionArn": FUNCTION,
                "Events": ["s3:ObjectCreated:Put"],
                "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "other/"}]}},
            }
        ],
    }
    shaped(
        "PutBucketNotificationConfiguration",
        s3.put_bucket_notification_configuration,
        Bucket=bucket,
        NotificationConfiguration=config,
    )
    # S3 answers rule names capitalised ("Prefix"), outside the model's lower-case enum, so
    # this answer cannot pass the shape check; the one without filters below does.
    stored = s3.get_bucket_notification_configuration(Bucket=bucket)
    queue = stored["QueueConfigurations"][0]
    assert len(queue["Id"]) == 48  # base64 of a UUID, as S3 names them
    assert queue["Filter"]["Key"]["FilterRules"] == [
        {"Name": "Prefix", "Value": "incoming/"},
        {"Name": "Suffix", "Value": ".pdf"},
    ]
    assert stored["TopicConfigurations"][0]["Id"] == "removals"
    assert stored["LambdaFunctionConfigurations"][0]["LambdaFunctionArn"] == FUNCTION
    del config["QueueConfigurations"], config["LambdaFunctionConfigurations"]
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration=config)
    unfiltered = shaped(
        "GetBucketNotificationConfiguration",
        s3.get_bucket_notification_configuration,
        Bucket=bucket,
    )
    assert unfiltered.keys() == {"TopicConfigurations", "ResponseMetadata"}
    s3.put_bucket_notification_configuration(Bucket=bucket, NotificationConfiguration={})
    assert "QueueConfigurations" not in s3.get_bucket_notification_configuration(Bucket=bucket)


def test_invalid_notification_configurations_are_refused(s3: Any, bucket: str) -> None:
    def put(**entry: Any) -> None:
        queue = {"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"], **entry}
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [queue]}
        )

    with aws_error("InvalidArgument", 400) as error:
        put(Events=["s3:ObjectCreated:Upload"])
    assert error["Message"] == "The event is not supported for notifications"
    with aws_error("InvalidArgument", 400):
        put(QueueArn="arn:aws:sns:us-east-1:000000000000:not-a-queue")
    with aws_error("InvalidArgument", 400):
        put(QueueArn="arn:aws:sqs:eu-west-1:000000000000:elsewhere")
    with aws_error("InvalidArgument", 400):
        put(Filter={"Key": {"FilterRules": [{"Name": "prefix", "Value": "a"}] * 2}})
    overlapping = {
        "QueueConfigurations": [
            {"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:*"]},
            {"QueueArn": QUEUE, "Events": ["s3:ObjectCreated:Put"]},
        ]
    }
    with aws_error("InvalidArgument", 400) as error:
        s3.put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration=overlapping
        )
    assert error["Message"].startswith("Configurations overlap")


def test_bucket_tags_are_stored_answered_and_deleted(s3: Any, bucket: str) -> None:
    with aws_error("NoSuchTagSet", 404):
        s3.get_bucket_tagging(Bucket=bucket)
    tags = [{"Key": "team", "Value": "data"}, {"Key": "cost-center", "Value": "42"}]
    shaped("PutBucketTagging", s3.put_bucket_tagging, Bucket=bucket, Tagging={"TagSet": tags})
    assert shaped("GetBucketTagging", s3.get_bucket_tagging, Bucket=bucket)["TagSet"] == tags
    assert status(shaped("DeleteBucketTagging", s3.delete_bucket_tagging, Bucket=bucket)) == 204
    with aws_error("NoSuchTagSet", 404):
        s3.get_bucket_tagging(Bucket=bucket)


def test_invalid_bucket_tags_are_refused(s3: Any, bucket: str) -> None:
    for tags in (
        [{"Key": "aws:reserved", "Value": "x"}],
        [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}],
        [{"Key": "k" * 129, "Value": "x"}],
        [{"Key": "bad{key}", "Value": "x"}],
        [{"Key": f"k{i}", "Value": "x"} for i in range(51)],
    ):
        with aws_error("InvalidTag", 400):
            s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tags})


def test_tags_given_at_creation_are_the_buckets_tags(s3: Any) -> None:
    tags = [{"Key": "team", "Value": "data"}]
    s3.create_bucket(Bucket="tagged-bucket", CreateBucketConfiguration={"Tags": tags})
    assert s3.get_bucket_tagging(Bucket="tagged-bucket")["TagSet"] == tags
