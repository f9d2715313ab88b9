"""Each operation asks the authorizer for exactly the IAM actions and resources AWS checks.

https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html and the
Permissions section of each operation's API reference page.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat import Cloud

BUCKET = "arn:aws:s3:::auth-bucket"
OBJECT = "arn:aws:s3:::auth-bucket/docs/a.txt"


def _pairs(cloud: Cloud, call: Any) -> list[tuple[str, str]]:
    cloud.authorizer.clear()
    call()
    return cloud.authorizer.pairs()


def test_bucket_operations_ask_for_their_actions(s3: Any, cloud: Cloud) -> None:
    assert _pairs(cloud, lambda: s3.create_bucket(Bucket="auth-bucket")) == [
        ("s3:CreateBucket", BUCKET)
    ]
    assert _pairs(cloud, s3.list_buckets) == [("s3:ListAllMyBuckets", "*")]
    assert _pairs(cloud, lambda: s3.head_bucket(Bucket="auth-bucket")) == [
        ("s3:ListBucket", BUCKET)
    ]
    assert _pairs(cloud, lambda: s3.delete_bucket_tagging(Bucket="auth-bucket")) == [
        ("s3:PutBucketTagging", BUCKET)
    ]
    assert _pairs(
        cloud,
        lambda: s3.put_bucket_notification_configuration(
            Bucket="auth-bucket", NotificationConfiguration={}
        ),
    ) == [("s3:PutBucketNotification", BUCKET)]


def test_object_operations_ask_for_object_actions_on_the_object_arn(s3: Any, cloud: Cloud) -> None:
    s3.create_bucket(Bucket="auth-bucket")
    put = lambda: s3.put_object(Bucket="auth-bucket", Key="docs/a.txt", Body=b"x")  # noqa: E731
    assert _pairs(cloud, put) == [("s3:PutObject", OBJECT)]
    tagged = lambda: s3.put_object(  # noqa: E731
        Bucket="auth-bucket", Key="docs/a.txt", Body=b"x", Tagging="a=1"
    )
    assert _pairs(cloud, tagged) == [("s3:PutObject", OBJECT), ("s3:PutObjectTagging", OBJECT)]
    get = lambda: s3.get_object(Bucket="auth-bucket", Key="docs/a.txt")  # noqa: E731
    assert _pairs(cloud, get) == [("s3:GetObject", OBJECT)]
    head = lambda: s3.head_object(Bucket="auth-bucket", Key="docs/a.txt")  # noqa: E731
    assert _pairs(cloud, head) == [("s3:GetObject", OBJECT)]
    version = lambda: s3.get_object(Bucket="auth-bucket", Key="docs/a.txt", VersionId="null")  # noqa: E731
    assert _pairs(cloud, version) == [("s3:GetObjectVersion", OBJECT)]
    copy = lambda: s3.copy_object(  # noqa: E731
        Bucket="auth-bucket", Key="copy", CopySource="auth-bucket/docs/a.txt"
    )
    assert _pairs(cloud, copy) == [
        ("s3:GetObject", OBJECT),
        ("s3:PutObject", "arn:aws:s3:::auth-bucket/copy"),
    ]
    delete_many = lambda: s3.delete_objects(  # noqa: E731
        Bucket="auth-bucket",
        Delete={"Objects": [{"Key": "docs/a.txt"}, {"Key": "copy", "VersionId": "null"}]},
    )
    assert _pairs(cloud, delete_many) == [
        ("s3:DeleteObject", OBJECT),
        ("s3:DeleteObjectVersion", "arn:aws:s3:::auth-bucket/copy"),
    ]


def test_a_missing_object_is_checked_against_list_bucket(s3: Any, cloud: Cloud) -> None:
    # Without s3:ListBucket a caller learns nothing of absent keys: 403 instead of 404.
    s3.create_bucket(Bucket="auth-bucket")
    cloud.authorizer.clear()
    with pytest.raises(ClientError):
        s3.head_object(Bucket="auth-bucket", Key="docs/a.txt")
    assert cloud.authorizer.pairs() == [("s3:GetObject", OBJECT), ("s3:ListBucket", BUCKET)]


def test_listing_carries_its_condition_keys(s3: Any, cloud: Cloud) -> None:
    s3.create_bucket(Bucket="auth-bucket")
    cloud.authorizer.clear()
    s3.list_objects_v2(Bucket="auth-bucket", Prefix="docs/", Delimiter="/", MaxKeys=10)
    [request] = cloud.authorizer.requests
    assert (request.action, request.resource) == ("s3:ListBucket", BUCKET)
    assert request.context == {"s3:prefix": "docs/", "s3:delimiter": "/", "s3:max-keys": 10}


def test_multipart_operations_ask_for_their_actions(s3: Any, cloud: Cloud) -> None:
    s3.create_bucket(Bucket="auth-bucket")
    key = {"Bucket": "auth-bucket", "Key": "docs/a.txt"}
    upload = s3.create_multipart_upload(**key)["UploadId"]
    assert _pairs(cloud, lambda: s3.list_parts(**key, UploadId=upload)) == [
        ("s3:ListMultipartUploadParts", OBJECT)
    ]
    assert _pairs(cloud, lambda: s3.list_multipart_uploads(Bucket="auth-bucket")) == [
        ("s3:ListBucketMultipartUploads", BUCKET)
    ]
    assert _pairs(cloud, lambda: s3.abort_multipart_upload(**key, UploadId=upload)) == [
        ("s3:AbortMultipartUpload", OBJECT)
    ]
