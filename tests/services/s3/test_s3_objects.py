"""Objects: put, get, head, delete; digests, headers, metadata, ranges and preconditions."""

from __future__ import annotations

import base64
import hashlib
import threading
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _s3_support import aws_error, shaped, status
from botocore.response import StreamingBody

from fourbeat import Cloud
from fourbeat.services.s3._schema import INLINE_LIMIT

LARGE = b"L" * (INLINE_LIMIT + 1)
"""A body too large to live inline: it gets a blob file."""


def test_put_then_get_returns_the_body_and_what_was_stored_with_it(s3: Any, bucket: str) -> None:
    put = shaped(
        "PutObject",
        s3.put_object,
        Bucket=bucket,
        Key="docs/report.txt",
        Body=b"hello world",
        ContentType="text/plain",
        CacheControl="max-age=60",
        Metadata={"Owner-Team": "Data"},
    )
    assert put["ETag"] == f'"{hashlib.md5(b"hello world").hexdigest()}"'
    assert put["ServerSideEncryption"] == "AES256"
    assert "VersionId" not in put
    got = shaped("GetObject", s3.get_object, Bucket=bucket, Key="docs/report.txt")
    assert isinstance(got["Body"], StreamingBody)
    assert got["Body"].read() == b"hello world"
    assert got["ETag"] == put["ETag"]
    assert got["ContentLength"] == 11
    assert got["ContentType"] == "text/plain"
    assert got["CacheControl"] == "max-age=60"
    assert got["Metadata"] == {"owner-team": "Data"}  # header names come back lower case
    assert got["AcceptRanges"] == "bytes"
    assert got["LastModified"] == datetime(2026, 1, 1, tzinfo=UTC)
    assert "VersionId" not in got


def test_content_type_defaults_to_binary_octet_stream(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert s3.head_object(Bucket=bucket, Key="k")["ContentType"] == "binary/octet-stream"


def test_put_of_a_file_object_and_of_no_body(s3: Any, bucket: str, tmp_path: Any) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"from a file")
    with path.open("rb") as file:
        s3.put_object(Bucket=bucket, Key="file", Body=file)
    s3.put_object(Bucket=bucket, Key="empty")
    assert s3.get_object(Bucket=bucket, Key="file")["Body"].read() == b"from a file"
    empty = s3.get_object(Bucket=bucket, Key="empty")
    assert (empty["ContentLength"], empty["Body"].read()) == (0, b"")
    assert empty["ETag"] == f'"{hashlib.md5(b"").hexdigest()}"'


def test_content_md5_is_checked(s3: Any, bucket: str) -> None:
    good = base64.b64encode(hashlib.md5(b"data").digest()).decode()
    s3.put_object(Bucket=bucket, Key="k", Body=b"data", ContentMD5=good)
    with aws_error("BadDigest", 400) as error:
        s3.put_object(Bucket=bucket, Key="k", Body=b"other", ContentMD5=good)
    assert error["ExpectedDigest"] == good
    with aws_error("InvalidDigest", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"data", ContentMD5="not-md5")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"data"


def test_content_length_shorter_than_the_body_is_an_incomplete_body(s3: Any, bucket: str) -> None:
    with aws_error("IncompleteBody", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"abc", ContentLength=10)


def test_additional_checksums_are_computed_verified_and_returned(s3: Any, bucket: str) -> None:
    crc = base64.b64encode(zlib.crc32(b"data").to_bytes(4, "big")).decode()
    put = shaped(
        "PutObject", s3.put_object, Bucket=bucket, Key="k", Body=b"data", ChecksumAlgorithm="CRC32"
    )
    assert (put["ChecksumCRC32"], put["ChecksumType"]) == (crc, "FULL_OBJECT")
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert head["ChecksumCRC32"] == crc
    assert "ChecksumCRC32" not in s3.head_object(Bucket=bucket, Key="k")
    sha = base64.b64encode(hashlib.sha256(b"data").digest()).decode()
    assert (
        s3.put_object(Bucket=bucket, Key="s", Body=b"data", ChecksumSHA256=sha)["ChecksumSHA256"]
        == sha
    )
    with aws_error("BadDigest", 400):
        s3.put_object(Bucket=bucket, Key="s", Body=b"changed", ChecksumSHA256=sha)
    sha1 = base64.b64encode(hashlib.sha1(b"data").digest()).decode()
    put = s3.put_object(Bucket=bucket, Key="c", Body=b"data", ChecksumAlgorithm="SHA1")
    assert put["ChecksumSHA1"] == sha1


def test_object_tags_from_the_tagging_header(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="team=data&stage=raw%20input")
    assert s3.head_object(Bucket=bucket, Key="k")["TagCount"] == 2
    tags = s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"]
    assert tags == [{"Key": "stage", "Value": "raw input"}, {"Key": "team", "Value": "data"}]
    with aws_error("InvalidArgument", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="a=1&a=2")
    eleven = "&".join(f"k{i}=v" for i in range(11))
    with aws_error("BadRequest", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging=eleven)


def test_metadata_and_key_limits(s3: Any, bucket: str) -> None:
    with aws_error("MetadataTooLarge", 400) as error:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Metadata={"big": "v" * 2046})
    assert error["MaxSizeAllowed"] == "2048"
    with aws_error("KeyTooLongError", 400):
        s3.put_object(Bucket=bucket, Key="k" * 1025, Body=b"x")


def test_storage_class_is_kept_and_archived_objects_cannot_be_read(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="ia", Body=b"x", StorageClass="STANDARD_IA")
    assert s3.head_object(Bucket=bucket, Key="ia")["StorageClass"] == "STANDARD_IA"
    s3.put_object(Bucket=bucket, Key="cold", Body=b"x", StorageClass="GLACIER")
    with aws_error("InvalidObjectState", 403) as error:
        s3.get_object(Bucket=bucket, Key="cold")
    assert error["StorageClass"] == "GLACIER"
    assert s3.head_object(Bucket=bucket, Key="cold")["StorageClass"] == "GLACIER"
    with aws_error("InvalidStorageClass", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", StorageClass="OUTPOSTS")


def test_acls_are_refused_on_buckets_that_enforce_ownership(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="bucket-owner-full-control")
    with aws_error("AccessControlListNotSupported", 400):
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ACL="public-read")


def test_get_of_a_missing_key_is_no_such_key(s3: Any, bucket: str) -> None:
    with aws_error("NoSuchKey", 404) as error:
        s3.get_object(Bucket=bucket, Key="missing")
    assert error["Key"] == "missing"


def test_head_answers_headers_and_a_bare_404_when_missing(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"12345", ContentLanguage="en")
    head = shaped("HeadObject", s3.head_object, Bucket=bucket, Key="k")
    assert (head["ContentLength"], head["ContentLanguage"]) == (5, "en")
    with aws_error("404", 404):
        s3.head_object(Bucket=bucket, Key="missing")


def test_response_overrides_replace_headers_of_a_get(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", ContentType="text/plain")
    got = s3.get_object(
        Bucket=bucket,
        Key="k",
        ResponseContentType="application/json",
        ResponseContentDisposition="attachment",
    )
    assert (got["ContentType"], got["ContentDisposition"]) == ("application/json", "attachment")


def test_ranges_answer_206_with_content_range(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"0123456789")
    cases = {
        "bytes=2-5": (b"2345", "bytes 2-5/10"),
        "bytes=7-": (b"789", "bytes 7-9/10"),
        "bytes=-3": (b"789", "bytes 7-9/10"),
        "bytes=8-100": (b"89", "bytes 8-9/10"),
        "bytes=-50": (b"0123456789", "bytes 0-9/10"),
    }
    for header, (body, content_range) in cases.items():
        got = shaped("GetObject", s3.get_object, Bucket=bucket, Key="k", Range=header)
        assert status(got) == 206, header
        assert got["ContentRange"] == content_range, header
        assert got["ContentLength"] == len(body), header
        assert got["Body"].read() == body, header
    head = s3.head_object(Bucket=bucket, Key="k", Range="bytes=0-0")
    assert (status(head), head["ContentLength"]) == (206, 1)


def test_unsatisfiable_range_is_416_and_a_malformed_one_is_ignored(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"0123456789")
    with aws_error("InvalidRange", 416) as error:
        s3.get_object(Bucket=bucket, Key="k", Range="bytes=10-20")
    assert (error["RangeRequested"], error["ActualObjectSize"]) == ("bytes=10-20", "10")
    whole = s3.get_object(Bucket=bucket, Key="k", Range="bytes=1-2,4-5")
    assert (status(whole), whole["Body"].read()) == (200, b"0123456789")


def test_ranged_body_reads_in_chunks_and_stops_at_the_range(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=bytes(range(256)) * 4)
    body = s3.get_object(Bucket=bucket, Key="k", Range="bytes=100-299")["Body"]
    chunks = list(body.iter_chunks(64))
    assert [len(c) for c in chunks] == [64, 64, 64, 8]
    assert b"".join(chunks) == (bytes(range(256)) * 4)[100:300]


def test_preconditions_answer_304_and_412_as_rfc_9110_says(s3: Any, bucket: str) -> None:
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="k")["LastModified"]
    earlier, later = modified - timedelta(hours=1), modified + timedelta(hours=1)
    assert status(s3.get_object(Bucket=bucket, Key="k", IfMatch=etag)) == 200
    with aws_error("PreconditionFailed", 412) as error:
        s3.get_object(Bucket=bucket, Key="k", IfMatch='"other"')
    assert error["Condition"] == "If-Match"
    with aws_error("304", 304):
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=etag)
    with aws_error("304", 304):
        s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=later)
    assert status(s3.get_object(Bucket=bucket, Key="k", IfModifiedSince=earlier)) == 200
    with aws_error("PreconditionFailed", 412):
        s3.get_object(Bucket=bucket, Key="k", IfUnmodifiedSince=earlier)
    # If-Match holding wins over a failing If-Unmodified-Since.
    assert (
        status(s3.get_object(Bucket=bucket, Key="k", IfMatch=etag, IfUnmodifiedSince=earlier))
        == 200
    )
    with aws_error("412", 412):
        s3.head_object(Bucket=bucket, Key="k", IfMatch='"other"')


def test_conditional_writes_refuse_to_overwrite(s3: Any, bucket: str) -> None:
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"x", IfNoneMatch="*")["ETag"]
    with aws_error("PreconditionFailed", 412):
        s3.put_object(Bucket=bucket, Key="k", Body=b"y", IfNoneMatch="*")
    with aws_error("PreconditionFailed", 412):
        s3.put_object(Bucket=bucket, Key="k", Body=b"y", IfMatch='"nope"')
    s3.put_object(Bucket=bucket, Key="k", Body=b"z", IfMatch=etag)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"z"


def test_delete_answers_204_and_is_idempotent(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    first = shaped("DeleteObject", s3.delete_object, Bucket=bucket, Key="k")
    again = shaped("DeleteObject", s3.delete_object, Bucket=bucket, Key="k")
    assert (status(first), status(again)) == (204, 204)
    assert "DeleteMarker" not in first
    with aws_error("NoSuchKey", 404):
        s3.get_object(Bucket=bucket, Key="k")


def test_delete_objects_reports_each_key_and_quiet_reports_only_errors(
    s3: Any, bucket: str
) -> None:
    for key in ("a", "b"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    keys = {"Objects": [{"Key": "a"}, {"Key": "b"}, {"Key": "never-existed"}]}
    response = shaped("DeleteObjects", s3.delete_objects, Bucket=bucket, Delete=keys)
    assert response["Deleted"] == [{"Key": "a"}, {"Key": "b"}, {"Key": "never-existed"}]
    assert "Errors" not in response
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    s3.put_object(Bucket=bucket, Key="c", Body=b"x")
    quiet = s3.delete_objects(
        Bucket=bucket,
        Delete={"Objects": [{"Key": "c"}, {"Key": "d", "VersionId": "bad"}], "Quiet": True},
    )
    assert "Deleted" not in quiet
    assert quiet["Errors"] == [
        {
            "Key": "d",
            "VersionId": "bad",
            "Code": "InvalidArgument",
            "Message": "Invalid version id specified",
        }
    ]


def test_delete_objects_refuses_more_than_1000_keys(s3: Any, bucket: str) -> None:
    keys = [{"Key": f"k{i}"} for i in range(1001)]
    with aws_error("MalformedXML", 400):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": keys})


def _blob_files(cloud: Cloud) -> list[Path]:
    return [p for p in (cloud.path / "blobs").rglob("*") if p.is_file() and p.parent.name != "tmp"]


def test_an_overwritten_object_keeps_no_orphan_blob(s3: Any, bucket: str, cloud: Cloud) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=LARGE + b"first")
    s3.put_object(Bucket=bucket, Key="k", Body=LARGE + b"second")
    s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/k")
    assert len(_blob_files(cloud)) == 1  # the copy shares the current body
    s3.delete_object(Bucket=bucket, Key="k")
    assert s3.get_object(Bucket=bucket, Key="copy")["Body"].read() == LARGE + b"second"
    s3.delete_object(Bucket=bucket, Key="copy")
    assert _blob_files(cloud) == []


def test_a_small_body_lives_in_the_database_and_reads_back_whole(
    s3: Any, bucket: str, cloud: Cloud
) -> None:
    small = b"s" * INLINE_LIMIT
    s3.put_object(Bucket=bucket, Key="small", Body=small)
    s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/small")
    assert _blob_files(cloud) == []
    assert s3.get_object(Bucket=bucket, Key="copy")["Body"].read() == small
    ranged = s3.get_object(Bucket=bucket, Key="small", Range="bytes=10-19")
    assert ranged["Body"].read() == small[10:20]
    s3.put_object(Bucket=bucket, Key="small", Body=small + b"!")  # one byte over: a blob file
    assert len(_blob_files(cloud)) == 1
    assert s3.get_object(Bucket=bucket, Key="small")["Body"].read() == small + b"!"


def test_expires_is_kept_as_a_timestamp(s3: Any, bucket: str) -> None:
    expires = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)
    s3.put_object(Bucket=bucket, Key="k", Body="text body", Expires=expires)
    got = s3.get_object(Bucket=bucket, Key="k")
    assert (got["Expires"], got["Body"].read()) == (expires, b"text body")


def test_concurrent_overwrites_copies_and_reads_stay_consistent(
    s3: Any, bucket: str, cloud: Cloud
) -> None:
    failures: list[str] = []

    def work(worker: int) -> None:
        try:
            for i in range(15):
                s3.put_object(Bucket=bucket, Key="hot", Body=LARGE + f"{worker}-{i}".encode())
                s3.copy_object(Bucket=bucket, Key=f"copy-{worker}", CopySource=f"{bucket}/hot")
                assert s3.get_object(Bucket=bucket, Key="hot")["Body"].read()
                s3.delete_object(Bucket=bucket, Key=f"copy-{worker}")
        except Exception as error:  # collected for the assertion below
            failures.append(repr(error))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(_blob_files(cloud)) == 1  # only the body of "hot" is left
