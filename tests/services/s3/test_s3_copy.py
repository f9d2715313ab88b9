"""CopyObject: sources, metadata and tagging directives, versions, preconditions."""

from __future__ import annotations

from typing import Any

from _s3_support import aws_error, shaped


def test_copy_keeps_body_and_metadata_by_default(s3: Any, bucket: str) -> None:
    s3.create_bucket(Bucket="target-bucket")
    source = s3.put_object(
        Bucket=bucket, Key="src key+1", Body=b"payload", ContentType="text/csv", Metadata={"a": "1"}
    )
    response = shaped(
        "CopyObject",
        s3.copy_object,
        Bucket="target-bucket",
        Key="dst",
        CopySource=f"{bucket}/src key+1",
    )
    assert response["CopyObjectResult"]["ETag"] == source["ETag"]
    assert "VersionId" not in response and "CopySourceVersionId" not in response
    copy = s3.get_object(Bucket="target-bucket", Key="dst")
    assert copy["Body"].read() == b"payload"
    assert (copy["ContentType"], copy["Metadata"]) == ("text/csv", {"a": "1"})


def test_copy_source_may_be_a_dict_with_a_version_id(s3: Any, versioned: str) -> None:
    first = s3.put_object(Bucket=versioned, Key="k", Body=b"one")["VersionId"]
    s3.put_object(Bucket=versioned, Key="k", Body=b"two")
    response = s3.copy_object(
        Bucket=versioned,
        Key="restored",
        CopySource={"Bucket": versioned, "Key": "k", "VersionId": first},
    )
    assert response["CopySourceVersionId"] == first
    assert response["VersionId"] not in (first, None)
    assert s3.get_object(Bucket=versioned, Key="restored")["Body"].read() == b"one"


def test_metadata_directive_replace_takes_the_requests_headers(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ContentType="text/plain", Metadata={"a": "1"})
    s3.copy_object(
        Bucket=bucket,
        Key="k2",
        CopySource=f"{bucket}/k",
        MetadataDirective="REPLACE",
        Metadata={"b": "2"},
    )
    copy = s3.head_object(Bucket=bucket, Key="k2")
    assert (copy["ContentType"], copy["Metadata"]) == ("binary/octet-stream", {"b": "2"})


def test_copying_an_object_onto_itself_unchanged_is_illegal(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with aws_error("InvalidRequest", 400) as error:
        s3.copy_object(Bucket=bucket, Key="k", CopySource=f"{bucket}/k")
    assert error["Message"].startswith("This copy request is illegal")
    s3.copy_object(
        Bucket=bucket,
        Key="k",
        CopySource=f"{bucket}/k",
        MetadataDirective="REPLACE",
        Metadata={"touched": "yes"},
    )
    assert s3.head_object(Bucket=bucket, Key="k")["Metadata"] == {"touched": "yes"}


def test_tagging_directive_copies_or_replaces_tags(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="a=1")
    s3.copy_object(Bucket=bucket, Key="copied", CopySource=f"{bucket}/k")
    s3.copy_object(
        Bucket=bucket,
        Key="replaced",
        CopySource=f"{bucket}/k",
        TaggingDirective="REPLACE",
        Tagging="b=2",
    )
    assert s3.get_object_tagging(Bucket=bucket, Key="copied")["TagSet"] == [
        {"Key": "a", "Value": "1"}
    ]
    assert s3.get_object_tagging(Bucket=bucket, Key="replaced")["TagSet"] == [
        {"Key": "b", "Value": "2"}
    ]


def test_copy_source_preconditions_fail_with_412(s3: Any, bucket: str) -> None:
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["ETag"]
    s3.copy_object(Bucket=bucket, Key="ok", CopySource=f"{bucket}/k", CopySourceIfMatch=etag)
    with aws_error("PreconditionFailed", 412) as error:
        s3.copy_object(
            Bucket=bucket, Key="no", CopySource=f"{bucket}/k", CopySourceIfNoneMatch=etag
        )
    assert error["Condition"] == "x-amz-copy-source-If-None-Match"


def test_missing_copy_sources(s3: Any, bucket: str, versioned: str) -> None:
    with aws_error("NoSuchKey", 404):
        s3.copy_object(Bucket=bucket, Key="k", CopySource=f"{bucket}/missing")
    with aws_error("NoSuchBucket", 404):
        s3.copy_object(Bucket=bucket, Key="k", CopySource="missing-bucket/k")
    s3.put_object(Bucket=versioned, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=versioned, Key="k")["VersionId"]
    with aws_error("NoSuchKey", 404):
        s3.copy_object(Bucket=bucket, Key="k", CopySource=f"{versioned}/k")
    with aws_error("InvalidRequest", 400):
        s3.copy_object(
            Bucket=bucket,
            Key="k",
            CopySource={"Bucket": versioned, "Key": "k", "VersionId": marker},
        )


def test_copy_of_a_multipart_object_is_one_part(s3: Any, bucket: str) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    etag = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=b"abc")[
        "ETag"
    ]
    s3.complete_multipart_upload(
        Bucket=bucket,
        Key="mp",
        UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]},
    )
    copied = s3.copy_object(Bucket=bucket, Key="single", CopySource=f"{bucket}/mp")
    assert copied["CopyObjectResult"]["ETag"] == '"900150983cd24fb0d6963f7d28e17f72"'  # md5("abc")
