"""Versioning: version ids, delete markers, reading and deleting versions, suspension."""

from __future__ import annotations

from typing import Any

from _s3_support import aws_error, shaped, status


def test_each_put_in_a_versioned_bucket_gets_a_version(s3: Any, versioned: str) -> None:
    first = s3.put_object(Bucket=versioned, Key="k", Body=b"one")["VersionId"]
    second = shaped("PutObject", s3.put_object, Bucket=versioned, Key="k", Body=b"two")["VersionId"]
    assert first != second and len(first) == 32
    current = shaped("GetObject", s3.get_object, Bucket=versioned, Key="k")
    assert (current["Body"].read(), current["VersionId"]) == (b"two", second)
    old = s3.get_object(Bucket=versioned, Key="k", VersionId=first)
    assert (old["Body"].read(), old["VersionId"]) == (b"one", first)


def test_delete_without_version_leaves_a_delete_marker(s3: Any, versioned: str) -> None:
    version = s3.put_object(Bucket=versioned, Key="k", Body=b"one")["VersionId"]
    deleted = shaped("DeleteObject", s3.delete_object, Bucket=versioned, Key="k")
    assert deleted["DeleteMarker"] is True and deleted["VersionId"] != version
    assert status(deleted) == 204
    with aws_error("NoSuchKey", 404):
        s3.get_object(Bucket=versioned, Key="k")
    with aws_error("MethodNotAllowed", 405) as error:
        s3.get_object(Bucket=versioned, Key="k", VersionId=deleted["VersionId"])
    assert error["ResourceType"] == "DeleteMarker"
    assert s3.get_object(Bucket=versioned, Key="k", VersionId=version)["Body"].read() == b"one"
    assert s3.list_objects_v2(Bucket=versioned)["KeyCount"] == 0


def test_deleting_the_delete_marker_restores_the_object(s3: Any, versioned: str) -> None:
    s3.put_object(Bucket=versioned, Key="k", Body=b"one")
    marker = s3.delete_object(Bucket=versioned, Key="k")["VersionId"]
    removed = s3.delete_object(Bucket=versioned, Key="k", VersionId=marker)
    assert (removed["DeleteMarker"], removed["VersionId"]) == (True, marker)
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"one"


def test_deleting_a_version_for_good_makes_the_previous_current(s3: Any, versioned: str) -> None:
    s3.put_object(Bucket=versioned, Key="k", Body=b"one")
    second = s3.put_object(Bucket=versioned, Key="k", Body=b"two")["VersionId"]
    removed = s3.delete_object(Bucket=versioned, Key="k", VersionId=second)
    assert removed["VersionId"] == second and "DeleteMarker" not in removed
    assert s3.get_object(Bucket=versioned, Key="k")["Body"].read() == b"one"
    with aws_error("NoSuchVersion", 404) as error:
        s3.get_object(Bucket=versioned, Key="k", VersionId=second)
    assert (error["Key"], error["VersionId"]) == ("k", second)
    with aws_error("InvalidArgument", 400):
        s3.get_object(Bucket=versioned, Key="k", VersionId="not a version")


def test_list_object_versions_answers_versions_and_markers_newest_first(
    s3: Any, versioned: str
) -> None:
    one = s3.put_object(Bucket=versioned, Key="a", Body=b"1")["VersionId"]
    two = s3.put_object(Bucket=versioned, Key="a", Body=b"22")["VersionId"]
    marker = s3.delete_object(Bucket=versioned, Key="a")["VersionId"]
    other = s3.put_object(Bucket=versioned, Key="b", Body=b"x")["VersionId"]
    response = shaped("ListObjectVersions", s3.list_object_versions, Bucket=versioned)
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in response["Versions"]] == [
        ("a", two, False),
        ("a", one, False),
        ("b", other, True),
    ]
    assert [(m["Key"], m["VersionId"], m["IsLatest"]) for m in response["DeleteMarkers"]] == [
        ("a", marker, True)
    ]
    assert (response["KeyMarker"], response["VersionIdMarker"]) == ("", "")
    assert response["Versions"][0]["Size"] == 2


def test_list_object_versions_pages_by_key_and_version_markers(s3: Any, versioned: str) -> None:
    ids = [s3.put_object(Bucket=versioned, Key="k", Body=b"x")["VersionId"] for _ in range(3)]
    first = s3.list_object_versions(Bucket=versioned, MaxKeys=2)
    assert first["IsTruncated"] is True
    assert [v["VersionId"] for v in first["Versions"]] == [ids[2], ids[1]]
    assert (first["NextKeyMarker"], first["NextVersionIdMarker"]) == ("k", ids[1])
    rest = s3.list_object_versions(
        Bucket=versioned,
        KeyMarker=first["NextKeyMarker"],
        VersionIdMarker=first["NextVersionIdMarker"],
    )
    assert [v["VersionId"] for v in rest["Versions"]] == [ids[0]]
    pages = s3.get_paginator("list_object_versions").paginate(
        Bucket=versioned, PaginationConfig={"PageSize": 1}
    )
    assert [v["VersionId"] for page in pages for v in page.get("Versions", [])] == ids[::-1]


def test_unversioned_objects_list_with_the_null_version(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    versions = s3.list_object_versions(Bucket=bucket)["Versions"]
    assert [(v["VersionId"], v["IsLatest"]) for v in versions] == [("null", True)]


def test_suspended_versioning_writes_and_deletes_the_null_version(s3: Any, versioned: str) -> None:
    kept = s3.put_object(Bucket=versioned, Key="k", Body=b"kept")["VersionId"]
    s3.put_bucket_versioning(Bucket=versioned, VersioningConfiguration={"Status": "Suspended"})
    assert s3.put_object(Bucket=versioned, Key="k", Body=b"a")["VersionId"] == "null"
    assert s3.put_object(Bucket=versioned, Key="k", Body=b"b")["VersionId"] == "null"
    versions = s3.list_object_versions(Bucket=versioned)["Versions"]
    assert [v["VersionId"] for v in versions] == ["null", kept]  # one null version, replaced
    deleted = s3.delete_object(Bucket=versioned, Key="k")
    assert (deleted["DeleteMarker"], deleted["VersionId"]) == (True, "null")
    listing = s3.list_object_versions(Bucket=versioned)
    assert [v["VersionId"] for v in listing["Versions"]] == [kept]
    assert [m["VersionId"] for m in listing["DeleteMarkers"]] == ["null"]


def test_objects_from_before_versioning_keep_the_null_version(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"old")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    new = s3.put_object(Bucket=bucket, Key="k", Body=b"new")["VersionId"]
    assert s3.head_object(Bucket=bucket, Key="k")["VersionId"] == new
    old = s3.get_object(Bucket=bucket, Key="k", VersionId="null")
    assert (old["Body"].read(), old["VersionId"]) == (b"old", "null")


def test_delete_objects_in_a_versioned_bucket_reports_markers_and_versions(
    s3: Any, versioned: str
) -> None:
    version = s3.put_object(Bucket=versioned, Key="a", Body=b"x")["VersionId"]
    s3.put_object(Bucket=versioned, Key="b", Body=b"x")
    response = s3.delete_objects(
        Bucket=versioned,
        Delete={"Objects": [{"Key": "a", "VersionId": version}, {"Key": "b"}]},
    )
    first, second = response["Deleted"]
    assert first == {"Key": "a", "VersionId": version}
    assert second["Key"] == "b" and second["DeleteMarker"] is True
    assert len(second["DeleteMarkerVersionId"]) == 32
