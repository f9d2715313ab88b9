"""Buckets: creation rules per region, names, listing, heads, locations, deletion."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from _s3_support import aws_error, shaped, status
from botocore.exceptions import ClientError

from fourbeat import Cloud
from fourbeat.testing import assert_output_shape


def test_create_bucket_in_us_east_1_answers_its_path(s3: Any) -> None:
    response = shaped("CreateBucket", s3.create_bucket, Bucket="my-bucket")
    assert response["Location"] == "/my-bucket"


def test_recreating_own_bucket_in_us_east_1_succeeds_for_legacy_compatibility(s3: Any) -> None:
    s3.create_bucket(Bucket="my-bucket")
    assert status(s3.create_bucket(Bucket="my-bucket")) == 200


def test_recreating_own_bucket_elsewhere_is_bucket_already_owned_by_you(cloud: Cloud) -> None:
    eu = boto3.client("s3", region_name="eu-west-1")
    config = {"LocationConstraint": "eu-west-1"}
    response = eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration=config)
    assert_output_shape("s3", "CreateBucket", response)
    assert response["Location"] == "http://eu-bucket.s3.amazonaws.com/"
    with aws_error("BucketAlreadyOwnedByYou", 409) as error:
        eu.create_bucket(Bucket="eu-bucket", CreateBucketConfiguration=config)
    assert error["BucketName"] == "eu-bucket"


def test_bucket_owned_by_another_account_already_exists(tmp_path: Any, cloud: Cloud) -> None:
    cloud.client("s3").create_bucket(Bucket="shared-name")
    with (
        Cloud(cloud.path, clock=cloud.clock, account="111111111111") as other,
        aws_error("BucketAlreadyExists", 409),
    ):
        other.client("s3").create_bucket(Bucket="shared-name")


def test_us_east_1_refuses_its_own_name_as_location_constraint(s3: Any) -> None:
    with aws_error("InvalidLocationConstraint", 400):
        s3.create_bucket(
            Bucket="my-bucket", CreateBucketConfiguration={"LocationConstraint": "us-east-1"}
        )


def test_regional_endpoint_requires_a_location_constraint(cloud: Cloud) -> None:
    eu = boto3.client("s3", region_name="eu-west-1")
    with aws_error("IllegalLocationConstraintException", 400) as error:
        eu.create_bucket(Bucket="my-bucket")
    assert error["Message"] == (
        "The unspecified location constraint is incompatible for the region specific endpoint "
        "this request was sent to."
    )


def test_regional_endpoint_refuses_another_regions_constraint(cloud: Cloud) -> None:
    eu = boto3.client("s3", region_name="eu-west-1")
    with aws_error("IllegalLocationConstraintException", 400) as error:
        eu.create_bucket(
            Bucket="my-bucket", CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
        )
    assert error["Message"].startswith("The us-west-2 location constraint is incompatible")


def test_us_east_1_endpoint_creates_buckets_in_other_regions(s3: Any) -> None:
    s3.create_bucket(
        Bucket="west-bucket", CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    location = shaped("GetBucketLocation", s3.get_bucket_location, Bucket="west-bucket")
    assert location["LocationConstraint"] == "us-west-2"
    assert s3.head_bucket(Bucket="west-bucket")["BucketRegion"] == "us-west-2"


def test_unknown_location_constraint_is_invalid(s3: Any) -> None:
    with aws_error("InvalidLocationConstraint", 400):
        s3.create_bucket(
            Bucket="my-bucket", CreateBucketConfiguration={"LocationConstraint": "mars-north-1"}
        )


def test_bucket_location_of_us_east_1_is_null(s3: Any, bucket: str) -> None:
    # botocore parses the empty <LocationConstraint/> as None; the shape check wants a string.
    assert s3.get_bucket_location(Bucket=bucket)["LocationConstraint"] is None


INVALID_NAMES = [
    "ab",
    "a" * 64,
    "My-Bucket",
    "under_score",
    "-leading-hyphen",
    "trailing-hyphen-",
    "two..dots",
    "192.168.5.4",
    "xn--punycode",
    "sthree-bucket",
    "amzn-s3-demo-bucket",
    "name-s3alias",
    "name--ol-s3",
    "name.mrap",
]


def test_invalid_bucket_names_are_refused(s3: Any) -> None:
    for name in INVALID_NAMES:
        with aws_error("InvalidBucketName", 400) as error:
            s3.create_bucket(Bucket=name)
        assert error["BucketName"] == name
    assert s3.list_buckets()["Buckets"] == []


def test_head_bucket_answers_its_region(s3: Any, bucket: str) -> None:
    response = shaped("HeadBucket", s3.head_bucket, Bucket=bucket)
    assert response["BucketRegion"] == "us-east-1"
    assert response["AccessPointAlias"] is False


def test_head_of_a_missing_bucket_is_a_bare_404(s3: Any) -> None:
    with aws_error("404", 404) as error:
        s3.head_bucket(Bucket="missing-bucket")
    assert error["Message"] == "Not Found"


def test_list_buckets_names_owner_region_and_creation(s3: Any, cloud: Cloud) -> None:
    s3.create_bucket(Bucket="b-bucket")
    cloud.clock.advance(60)  # type: ignore[attr-defined]
    s3.create_bucket(Bucket="a-bucket")
    response = shaped("ListBuckets", s3.list_buckets)
    assert [b["Name"] for b in response["Buckets"]] == ["a-bucket", "b-bucket"]
    assert {b["BucketRegion"] for b in response["Buckets"]} == {"us-east-1"}
    created = {b["Name"]: b["CreationDate"] for b in response["Buckets"]}
    assert (created["a-bucket"] - created["b-bucket"]).total_seconds() == 60
    assert len(response["Owner"]["ID"]) == 64
    assert "ContinuationToken" not in response


def test_list_buckets_pages_with_max_buckets_and_filters(s3: Any) -> None:
    for name in ("logs-1", "logs-2", "logs-3", "data-1"):
        s3.create_bucket(Bucket=name)
    first = shaped("ListBuckets", s3.list_buckets, MaxBuckets=2, Prefix="logs-")
    assert [b["Name"] for b in first["Buckets"]] == ["logs-1", "logs-2"]
    assert first["Prefix"] == "logs-"
    rest = s3.list_buckets(
        MaxBuckets=2, Prefix="logs-", ContinuationToken=first["ContinuationToken"]
    )
    assert [b["Name"] for b in rest["Buckets"]] == ["logs-3"]
    assert "ContinuationToken" not in rest
    paged = s3.get_paginator("list_buckets").paginate(PaginationConfig={"PageSize": 1})
    assert [b["Name"] for page in paged for b in page["Buckets"]] == [
        "data-1",
        "logs-1",
        "logs-2",
        "logs-3",
    ]


def test_list_buckets_filters_by_region(s3: Any) -> None:
    s3.create_bucket(Bucket="east-bucket")
    s3.create_bucket(
        Bucket="west-bucket", CreateBucketConfiguration={"LocationConstraint": "us-west-2"}
    )
    names = [b["Name"] for b in s3.list_buckets(BucketRegion="us-west-2")["Buckets"]]
    assert names == ["west-bucket"]


def test_delete_bucket_answers_204_and_the_bucket_is_gone(s3: Any, bucket: str) -> None:
    response = shaped("DeleteBucket", s3.delete_bucket, Bucket=bucket)
    assert status(response) == 204
    assert s3.list_buckets()["Buckets"] == []
    with aws_error("NoSuchBucket", 404) as error:
        s3.delete_bucket(Bucket=bucket)
    assert error["BucketName"] == bucket


def test_bucket_with_objects_is_not_empty(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with aws_error("BucketNotEmpty", 409) as error:
        s3.delete_bucket(Bucket=bucket)
    assert error["BucketName"] == bucket


def test_bucket_holding_only_delete_markers_is_not_empty(s3: Any, versioned: str) -> None:
    s3.put_object(Bucket=versioned, Key="k", Body=b"x")
    for version in s3.list_object_versions(Bucket=versioned)["Versions"]:
        s3.delete_object(Bucket=versioned, Key="k", VersionId=version["VersionId"])
    s3.delete_object(Bucket=versioned, Key="k")  # leaves a delete marker
    with aws_error("BucketNotEmpty", 409):
        s3.delete_bucket(Bucket=versioned)


def test_incomplete_multipart_uploads_do_not_keep_a_bucket(s3: Any, bucket: str) -> None:
    s3.create_multipart_upload(Bucket=bucket, Key="k")
    s3.delete_bucket(Bucket=bucket)
    assert s3.list_buckets()["Buckets"] == []


def test_versioning_of_a_new_bucket_is_unset_then_enabled_then_suspended(
    s3: Any, bucket: str
) -> None:
    assert shaped("GetBucketVersioning", s3.get_bucket_versioning, Bucket=bucket).keys() == {
        "ResponseMetadata"
    }
    shaped(
        "PutBucketVersioning",
        s3.put_bucket_versioning,
        Bucket=bucket,
        VersioningConfiguration={"Status": "Enabled"},
    )
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"


def test_versioning_status_outside_the_model_is_malformed(s3: Any, bucket: str) -> None:
    with aws_error("MalformedXML", 400):
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "On"})


def test_expected_bucket_owner_mismatch_is_access_denied(s3: Any, bucket: str) -> None:
    with aws_error("AccessDenied", 403):
        s3.list_objects_v2(Bucket=bucket, ExpectedBucketOwner="999999999999")
    s3.list_objects_v2(Bucket=bucket, ExpectedBucketOwner="000000000000")


def test_bucket_acl_with_enforced_ownership_is_refused(s3: Any) -> None:
    with aws_error("InvalidBucketAclWithObjectOwnership", 400):
        s3.create_bucket(Bucket="acl-bucket", ACL="public-read")
    s3.create_bucket(Bucket="acl-bucket", ACL="private")


def test_object_lock_is_refused_loudly(s3: Any) -> None:
    with aws_error("NotImplemented", 501) as error:
        s3.create_bucket(Bucket="locked-bucket", ObjectLockEnabledForBucket=True)
    assert "Object Lock" in error["Message"]


MISSING_BUCKET_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("list_objects_v2", {}),
    ("list_objects", {}),
    ("list_object_versions", {}),
    ("list_multipart_uploads", {}),
    ("put_object", {"Key": "k", "Body": b"x"}),
    ("get_object", {"Key": "k"}),
    ("delete_object", {"Key": "k"}),
    ("delete_objects", {"Delete": {"Objects": [{"Key": "k"}]}}),
    ("create_multipart_upload", {"Key": "k"}),
    ("get_bucket_versioning", {}),
    ("put_bucket_versioning", {"VersioningConfiguration": {"Status": "Enabled"}}),
    ("get_bucket_policy", {}),
    ("get_bucket_tagging", {}),
    ("get_bucket_notification_configuration", {}),
    ("get_object_tagging", {"Key": "k"}),
    ("copy_object", {"Key": "k", "CopySource": "other/k"}),
    ("get_bucket_location", {}),
]


def test_every_operation_on_a_missing_bucket_is_no_such_bucket(s3: Any) -> None:
    for method, params in MISSING_BUCKET_CALLS:
        with pytest.raises(ClientError) as caught:
            getattr(s3, method)(Bucket="missing-bucket", **params)
        error = caught.value.response["Error"]
        assert (error["Code"], error.get("BucketName")) == ("NoSuchBucket", "missing-bucket"), (
            method
        )
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404, method
