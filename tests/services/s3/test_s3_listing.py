"""Listing: ListObjectsV2 and ListObjects, prefixes, delimiters, pages, markers, encoding."""

from __future__ import annotations

from typing import Any

import pytest
from _s3_support import aws_error, shaped

from fourbeat.testing import assert_output_shape

KEYS = [
    "a.txt",
    "docs/2024/jan.txt",
    "docs/2024/feb.txt",
    "docs/2025/mar.txt",
    "docs/readme.md",
    "photos/cat.jpg",
    "z.txt",
]


@pytest.fixture
def filled(s3: Any, bucket: str) -> str:
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    return bucket


def test_list_v2_answers_every_key_in_utf8_order(s3: Any, filled: str) -> None:
    response = shaped("ListObjectsV2", s3.list_objects_v2, Bucket=filled)
    assert [c["Key"] for c in response["Contents"]] == sorted(KEYS)
    assert response["KeyCount"] == len(KEYS)
    assert response["IsTruncated"] is False
    assert (response["Name"], response["Prefix"], response["MaxKeys"]) == (filled, "", 1000)
    entry = response["Contents"][0]
    assert set(entry) == {"Key", "LastModified", "ETag", "Size", "StorageClass"}
    assert (entry["Size"], entry["StorageClass"]) == (5, "STANDARD")


def test_delimiter_rolls_keys_up_into_common_prefixes(s3: Any, filled: str) -> None:
    top = shaped("ListObjectsV2", s3.list_objects_v2, Bucket=filled, Delimiter="/")
    assert [c["Key"] for c in top["Contents"]] == ["a.txt", "z.txt"]
    assert top["CommonPrefixes"] == [{"Prefix": "docs/"}, {"Prefix": "photos/"}]
    assert top["KeyCount"] == 4
    docs = s3.list_objects_v2(Bucket=filled, Prefix="docs/", Delimiter="/")
    assert [c["Key"] for c in docs["Contents"]] == ["docs/readme.md"]
    assert docs["CommonPrefixes"] == [{"Prefix": "docs/2024/"}, {"Prefix": "docs/2025/"}]
    assert (docs["Prefix"], docs["Delimiter"]) == ("docs/", "/")


def test_pages_follow_continuation_tokens_counting_prefixes_as_entries(
    s3: Any, filled: str
) -> None:
    first = s3.list_objects_v2(Bucket=filled, Delimiter="/", MaxKeys=3)
    assert first["IsTruncated"] is True
    assert [c["Key"] for c in first["Contents"]] == ["a.txt"]
    assert first["CommonPrefixes"] == [{"Prefix": "docs/"}, {"Prefix": "photos/"}]
    second = shaped(
        "ListObjectsV2",
        s3.list_objects_v2,
        Bucket=filled,
        Delimiter="/",
        MaxKeys=3,
        ContinuationToken=first["NextContinuationToken"],
    )
    assert [c["Key"] for c in second["Contents"]] == ["z.txt"]
    assert "CommonPrefixes" not in second
    assert second["ContinuationToken"] == first["NextContinuationToken"]
    assert second["IsTruncated"] is False and "NextContinuationToken" not in second


def test_paginator_walks_a_bucket_in_pages(s3: Any, bucket: str) -> None:
    keys = [f"key-{i:04d}" for i in range(1001)]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key)
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket))
    for page in pages:
        assert_output_shape("s3", "ListObjectsV2", page)
    assert [page["KeyCount"] for page in pages] == [1000, 1]
    assert [c["Key"] for page in pages for c in page["Contents"]] == keys
    small = s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix="key-00", PaginationConfig={"PageSize": 30}
    )
    assert sum(page["KeyCount"] for page in small) == 100


def test_start_after_and_max_keys(s3: Any, filled: str) -> None:
    response = s3.list_objects_v2(Bucket=filled, StartAfter="docs/readme.md", MaxKeys=1)
    assert [c["Key"] for c in response["Contents"]] == ["photos/cat.jpg"]
    assert response["StartAfter"] == "docs/readme.md"
    assert response["IsTruncated"] is True
    nothing = s3.list_objects_v2(Bucket=filled, MaxKeys=0)
    assert (nothing["KeyCount"], nothing["IsTruncated"]) == (0, False)
    assert "Contents" not in nothing


def test_fetch_owner_adds_the_owner(s3: Any, filled: str) -> None:
    response = s3.list_objects_v2(Bucket=filled, FetchOwner=True, MaxKeys=1)
    assert len(response["Contents"][0]["Owner"]["ID"]) == 64


def test_requested_url_encoding_leaves_names_encoded(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="a b/c+d.txt", Body=b"x")
    auto = s3.list_objects_v2(Bucket=bucket)  # botocore asks for url encoding and decodes
    assert auto["Contents"][0]["Key"] == "a b/c+d.txt"
    asked = s3.list_objects_v2(Bucket=bucket, EncodingType="url")
    assert asked["Contents"][0]["Key"] == "a+b/c%2Bd.txt"
    assert asked["EncodingType"] == "url"


def test_bad_continuation_token_and_max_keys(s3: Any, bucket: str) -> None:
    with aws_error("InvalidArgument", 400):
        s3.list_objects_v2(Bucket=bucket, ContinuationToken="not-a-token")
    with aws_error("InvalidArgument", 400):
        s3.list_objects_v2(Bucket=bucket, MaxKeys=-1)


def test_list_v1_answers_marker_and_next_marker_only_with_a_delimiter(s3: Any, filled: str) -> None:
    plain = shaped("ListObjects", s3.list_objects, Bucket=filled, MaxKeys=2)
    assert [c["Key"] for c in plain["Contents"]] == ["a.txt", "docs/2024/feb.txt"]
    assert (plain["IsTruncated"], plain["Marker"]) == (True, "")
    assert "NextMarker" not in plain
    assert len(plain["Contents"][0]["Owner"]["ID"]) == 64
    rest = s3.list_objects(Bucket=filled, Marker="docs/2024/feb.txt")
    assert rest["Contents"][0]["Key"] == "docs/2024/jan.txt"
    rolled = s3.list_objects(Bucket=filled, Delimiter="/", MaxKeys=2)
    assert rolled["NextMarker"] == "docs/"
    after = s3.list_objects(Bucket=filled, Delimiter="/", Marker=rolled["NextMarker"])
    assert [c["Key"] for c in after["Contents"]] == ["z.txt"]
    assert after["CommonPrefixes"] == [{"Prefix": "photos/"}]


def test_v1_paginator_uses_the_last_key_as_marker(s3: Any, filled: str) -> None:
    pages = s3.get_paginator("list_objects").paginate(
        Bucket=filled, PaginationConfig={"PageSize": 2}
    )
    assert [c["Key"] for page in pages for c in page.get("Contents", [])] == sorted(KEYS)
