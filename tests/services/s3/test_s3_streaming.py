"""Bodies stream: a large object goes to disk and comes back in chunks, never whole in memory."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import Callable
from typing import Any

from _s3_support import Generated, MiB, shaped

from fourbeat import Cloud

SIZE = 64 * MiB
PEAK_LIMIT = 8 * MiB  # a few 1 MiB chunks in flight, nowhere near the 64 MiB body


def _peak(work: Callable[[], Any]) -> tuple[Any, int]:
    tracemalloc.start()
    try:
        result = work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def test_a_64_mib_body_streams_in_and_out(s3: Any, bucket: str, cloud: Cloud) -> None:
    expected = hashlib.md5()
    for _ in range(SIZE // MiB):
        expected.update(b"z" * MiB)

    put, put_peak = _peak(lambda: s3.put_object(Bucket=bucket, Key="big", Body=Generated(SIZE)))
    assert put["ETag"] == f'"{expected.hexdigest()}"'
    assert put_peak < PEAK_LIMIT, f"PutObject held {put_peak / MiB:.1f} MiB"
    blobs = [p for p in (cloud.path / "blobs").rglob("*") if p.is_file()]
    assert [p.stat().st_size for p in blobs] == [SIZE]

    def read_back() -> tuple[int, str]:
        got = shaped("GetObject", s3.get_object, Bucket=bucket, Key="big")
        digest, size = hashlib.md5(), 0
        for chunk in got["Body"].iter_chunks(MiB):
            digest.update(chunk)
            size += len(chunk)
        return size, digest.hexdigest()

    (size, digest), get_peak = _peak(read_back)
    assert (size, digest) == (SIZE, expected.hexdigest())
    assert get_peak < PEAK_LIMIT, f"GetObject held {get_peak / MiB:.1f} MiB"


def test_a_ranged_read_of_a_large_object_streams_only_the_range(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="big", Body=Generated(SIZE))

    def read_range() -> int:
        body = s3.get_object(Bucket=bucket, Key="big", Range=f"bytes={MiB}-{SIZE - MiB - 1}")[
            "Body"
        ]
        return sum(len(chunk) for chunk in body.iter_chunks(MiB))

    size, peak = _peak(read_range)
    assert size == SIZE - 2 * MiB
    assert peak < PEAK_LIMIT


def test_completing_a_multipart_upload_streams_the_parts_together(s3: Any, bucket: str) -> None:
    upload = s3.create_multipart_upload(Bucket=bucket, Key="joined")["UploadId"]
    parts = []
    for number, byte in ((1, b"a"), (2, b"b"), (3, b"c")):
        etag = s3.upload_part(
            Bucket=bucket,
            Key="joined",
            UploadId=upload,
            PartNumber=number,
            Body=Generated(5 * MiB, byte),
        )["ETag"]
        parts.append({"PartNumber": number, "ETag": etag})

    def complete() -> Any:
        return s3.complete_multipart_upload(
            Bucket=bucket, Key="joined", UploadId=upload, MultipartUpload={"Parts": parts}
        )

    _, peak = _peak(complete)
    assert peak < PEAK_LIMIT
    tail = s3.get_object(Bucket=bucket, Key="joined", Range="bytes=-3")["Body"].read()
    assert tail == b"ccc"
    middle = s3.get_object(Bucket=bucket, Key="joined", PartNumber=2)
    assert middle["ContentRange"] == f"bytes {5 * MiB}-{10 * MiB - 1}/{15 * MiB}"
