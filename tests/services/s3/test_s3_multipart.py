"""Multipart uploads: parts, completion rules, ETags, checksums, abort, listings, copies."""

from __future__ import annotations

import base64
import hashlib
import io
import zlib
from typing import Any

from _s3_support import MiB, aws_error, shaped, status

PART = 5 * MiB


def _upload(s3: Any, bucket: str, key: str = "big", **extra: Any) -> str:
    response = shaped(
        "CreateMultipartUpload", s3.create_multipart_upload, Bucket=bucket, Key=key, **extra
    )
    assert (response["Bucket"], response["Key"]) == (bucket, key)
    return str(response["UploadId"])


def _part(
    s3: Any, bucket: str, upload: str, number: int, body: bytes, key: str = "big"
) -> dict[str, Any]:
    response = shaped(
        "UploadPart",
        s3.upload_part,
        Bucket=bucket,
        Key=key,
        UploadId=upload,
        PartNumber=number,
        Body=body,
    )
    return {"PartNumber": number, "ETag": response["ETag"]}


def test_completed_upload_joins_the_parts_with_an_md5_of_md5s_etag(s3: Any, bucket: str) -> None:
    first, last = b"a" * PART, b"tail"
    upload = _upload(s3, bucket, ContentType="text/plain", Metadata={"k": "v"})
    parts = [_part(s3, bucket, upload, 1, first), _part(s3, bucket, upload, 2, last)]
    assert parts[0]["ETag"] == f'"{hashlib.md5(first).hexdigest()}"'
    response = shaped(
        "CompleteMultipartUpload",
        s3.complete_multipart_upload,
        Bucket=bucket,
        Key="big",
        UploadId=upload,
        MultipartUpload={"Parts": parts},
    )
    digest = hashlib.md5(hashlib.md5(first).digest() + hashlib.md5(last).digest()).hexdigest()
    assert response["ETag"] == f'"{digest}-2"'
    assert response["Location"] == f"https://{bucket}.s3.amazonaws.com/big"
    got = s3.get_object(Bucket=bucket, Key="big")
    assert got["ContentLength"] == PART + 4
    assert (got["ContentType"], got["Metadata"]) == ("text/plain", {"k": "v"})
    assert got["Body"].read() == first + last
    second = s3.get_object(Bucket=bucket, Key="big", PartNumber=2)
    assert (status(second), second["PartsCount"], second["Body"].read()) == (206, 2, b"tail")
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads") is None


def test_parts_smaller_than_5_mib_are_too_small_unless_last(s3: Any, bucket: str) -> None:
    upload = _upload(s3, bucket)
    parts = [_part(s3, bucket, upload, 1, b"small"), _part(s3, bucket, upload, 2, b"last")]
    with aws_error("EntityTooSmall", 400) as error:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={"Parts": parts}
        )
    assert (error["ProposedSize"], error["MinSizeAllowed"]) == ("5", str(PART))


def test_parts_must_be_listed_in_order_with_their_etags(s3: Any, bucket: str) -> None:
    upload = _upload(s3, bucket)
    one, two = _part(s3, bucket, upload, 1, b"a" * PART), _part(s3, bucket, upload, 2, b"b")
    with aws_error("InvalidPartOrder", 400):
        s3.complete_multipart_upload(
            Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={"Parts": [two, one]}
        )
    wrong = {"PartNumber": 2, "ETag": '"0123"'}
    with aws_error("InvalidPart", 400) as error:
        s3.complete_multipart_upload(
            Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={"Parts": [one, wrong]}
        )
    assert error["PartNumber"] == "2"
    with aws_error("InvalidPart", 400):
        s3.complete_multipart_upload(
            Bucket=bucket,
            Key="big",
            UploadId=upload,
            MultipartUpload={"Parts": [one, {"PartNumber": 3, "ETag": two["ETag"]}]},
        )
    with aws_error("MalformedXML", 400):
        s3.complete_multipart_upload(
            Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={"Parts": []}
        )


def test_uploading_a_part_again_replaces_it(s3: Any, bucket: str) -> None:
    upload = _upload(s3, bucket)
    _part(s3, bucket, upload, 1, b"first")
    part = _part(s3, bucket, upload, 1, b"second")
    s3.complete_multipart_upload(
        Bucket=bucket, Key="big", UploadId=upload, MultipartUpload={"Parts": [part]}
    )
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == b"second"


def test_part_numbers_run_from_1_to_10000(s3: Any, bucket: str) -> None:
    upload = _upload(s3, bucket)
    with aws_error("InvalidArgument", 400):
        s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=10001, Body=b"x")


def test_abort_drops_the_upload_and_its_parts(s3: Any, bucket: str, cloud: Any) -> None:
    upload = _upload(s3, bucket)
    _part(s3, bucket, upload, 1, b"data")
    response = shaped(
        "AbortMultipartUpload", s3.abort_multipart_upload, Bucket=bucket, Key="big", UploadId=upload
    )
    assert status(response) == 204
    assert [p for p in (cloud.path / "blobs").rglob("*") if p.is_file()] == []
    with aws_error("NoSuchUpload", 404) as error:
        s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=1, Body=b"x")
    assert error["UploadId"] == upload
    with aws_error("NoSuchUpload", 404):
        s3.abort_multipart_upload(Bucket=bucket, Key="big", UploadId=upload)


def test_list_parts_pages_through_the_parts(s3: Any, bucket: str) -> None:
    upload = _upload(s3, bucket)
    for number in (1, 2, 3):
        _part(s3, bucket, upload, number, b"x" * number)
    first = shaped(
        "ListParts", s3.list_parts, Bucket=bucket, Key="big", UploadId=upload, MaxParts=2
    )
    assert [p["PartNumber"] for p in first["Parts"]] == [1, 2]
    assert (first["IsTruncated"], first["NextPartNumberMarker"]) == (True, 2)
    assert first["Initiator"]["ID"] == "arn:aws:iam::000000000000:user/admin"
    assert first["StorageClass"] == "STANDARD"
    rest = s3.list_parts(Bucket=bucket, Key="big", UploadId=upload, PartNumberMarker=2)
    assert [(p["PartNumber"], p["Size"]) for p in rest["Parts"]] == [(3, 3)]
    assert rest["IsTruncated"] is False


def test_list_multipart_uploads_orders_by_key_then_initiation(
    s3: Any, bucket: str, cloud: Any
) -> None:
    ids = [_upload(s3, bucket, "b"), _upload(s3, bucket, "a/1"), _upload(s3, bucket, "b")]
    response = shaped("ListMultipartUploads", s3.list_multipart_uploads, Bucket=bucket)
    assert [(u["Key"], u["UploadId"]) for u in response["Uploads"]] == [
        ("a/1", ids[1]),
        ("b", ids[0]),
        ("b", ids[2]),
    ]
    rolled = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert rolled["CommonPrefixes"] == [{"Prefix": "a/"}]
    page = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=2)
    assert page["IsTruncated"] is True
    rest = s3.list_multipart_uploads(
        Bucket=bucket, KeyMarker=page["NextKeyMarker"], UploadIdMarker=page["NextUploadIdMarker"]
    )
    assert [u["UploadId"] for u in rest["Uploads"]] == [ids[2]]


def test_upload_part_copy_copies_a_range_of_another_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="source", Body=b"0123456789")
    upload = _upload(s3, bucket)
    response = shaped(
        "UploadPartCopy",
        s3.upload_part_copy,
        Bucket=bucket,
        Key="big",
        UploadId=upload,
        PartNumber=1,
        CopySource={"Bucket": bucket, "Key": "source"},
        CopySourceRange="bytes=2-5",
    )
    etag = response["CopyPartResult"]["ETag"]
    assert etag == f'"{hashlib.md5(b"2345").hexdigest()}"'
    s3.complete_multipart_upload(
        Bucket=bucket,
        Key="big",
        UploadId=upload,
        MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": etag}]},
    )
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == b"2345"
    with aws_error("InvalidArgument", 400):
        s3.upload_part_copy(
            Bucket=bucket,
            Key="big",
            UploadId=_upload(s3, bucket),
            PartNumber=1,
            CopySource=f"{bucket}/source",
            CopySourceRange="bytes=5-20",
        )


def test_upload_with_a_checksum_needs_each_parts_checksum(s3: Any, bucket: str) -> None:
    upload = _upload(s3, bucket, ChecksumAlgorithm="CRC32")
    body = b"c" * PART
    response = s3.upload_part(Bucket=bucket, Key="big", UploadId=upload, PartNumber=1, Body=body)
    crc = base64.b64encode(zlib.crc32(body).to_bytes(4, "big")).decode()
    assert response["ChecksumCRC32"] == crc
    with aws_error("InvalidRequest", 400) as error:
        s3.complete_multipart_upload(
            Bucket=bucket,
            Key="big",
            UploadId=upload,
            MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": response["ETag"]}]},
        )
    assert "missing for part 1" in error["Message"]
    done = s3.complete_multipart_upload(
        Bucket=bucket,
        Key="big",
        UploadId=upload,
        MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": response["ETag"], "ChecksumCRC32": crc}]
        },
    )
    composite = base64.b64encode(zlib.crc32(base64.b64decode(crc)).to_bytes(4, "big")).decode()
    assert (done["ChecksumCRC32"], done["ChecksumType"]) == (f"{composite}-1", "COMPOSITE")


def test_boto3_managed_transfer_uploads_and_downloads_a_multipart_object(
    s3: Any, bucket: str
) -> None:
    data = bytes(range(256)) * (40 * 1024)  # 10 MiB: two 8 MiB-threshold parts
    s3.upload_fileobj(io.BytesIO(data), bucket, "managed")
    head = s3.head_object(Bucket=bucket, Key="managed", ChecksumMode="ENABLED")
    assert head["ETag"].endswith('-2"')
    assert head["ChecksumType"] == "COMPOSITE"
    out = io.BytesIO()
    s3.download_fileobj(bucket, "managed", out)
    assert out.getvalue() == data
