"""Object tags: the tagging subresource of an object and of its versions."""

from __future__ import annotations

from typing import Any

from _s3_support import aws_error, shaped, status


def test_object_tags_are_replaced_read_and_removed(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="old=1")
    tags = [{"Key": "stage", "Value": "done"}, {"Key": "owner", "Value": "etl"}]
    put = shaped(
        "PutObjectTagging", s3.put_object_tagging, Bucket=bucket, Key="k", Tagging={"TagSet": tags}
    )
    assert "VersionId" not in put
    got = shaped("GetObjectTagging", s3.get_object_tagging, Bucket=bucket, Key="k")
    assert got["TagSet"] == sorted(tags, key=lambda tag: tag["Key"])
    deleted = shaped("DeleteObjectTagging", s3.delete_object_tagging, Bucket=bucket, Key="k")
    assert status(deleted) == 204
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    assert "TagCount" not in s3.head_object(Bucket=bucket, Key="k")


def test_tags_of_a_missing_object_are_no_such_key(s3: Any, bucket: str) -> None:
    with aws_error("NoSuchKey", 404):
        s3.get_object_tagging(Bucket=bucket, Key="missing")
    with aws_error("NoSuchKey", 404):
        s3.put_object_tagging(Bucket=bucket, Key="missing", Tagging={"TagSet": []})


def test_tags_belong_to_one_version(s3: Any, versioned: str) -> None:
    first = s3.put_object(Bucket=versioned, Key="k", Body=b"1", Tagging="v=1")["VersionId"]
    second = s3.put_object(Bucket=versioned, Key="k", Body=b"2")["VersionId"]
    assert s3.get_object_tagging(Bucket=versioned, Key="k")["TagSet"] == []
    old = s3.get_object_tagging(Bucket=versioned, Key="k", VersionId=first)
    assert (old["TagSet"], old["VersionId"]) == ([{"Key": "v", "Value": "1"}], first)
    put = s3.put_object_tagging(
        Bucket=versioned, Key="k", Tagging={"TagSet": [{"Key": "v", "Value": "2"}]}
    )
    assert put["VersionId"] == second


def test_object_tag_limits(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    eleven = [{"Key": f"k{i}", "Value": "v"} for i in range(11)]
    with aws_error("BadRequest", 400):
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": eleven})
    with aws_error("InvalidTag", 400) as error:
        s3.put_object_tagging(
            Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "k", "Value": "v" * 257}]}
        )
    assert error["Message"] == "The TagValue you have provided is too long, max 256"
    with aws_error("InvalidTag", 400):
        s3.put_object_tagging(
            Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "aws:x", "Value": "v"}]}
        )
