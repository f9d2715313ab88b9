"""boto3 clients are served in process, with botocore's own types and exceptions."""

from __future__ import annotations

import os
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from fourbeat import Cloud, FourbeatError, VirtualClock
from fourbeat.services import NotServedError
from fourbeat.testing import assert_output_shape


def test_client_made_after_activation_is_served(cloud: Cloud) -> None:
    identity = boto3.client("sts").get_caller_identity()
    assert_output_shape("sts", "GetCallerIdentity", identity)
    assert identity["Arn"] == "arn:aws:iam::000000000000:user/admin"
    assert identity["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert identity["ResponseMetadata"]["RequestId"]


def test_client_made_before_activation_is_served(tmp_path: Path) -> None:
    sts = boto3.client(
        "sts", region_name="us-east-1", aws_access_key_id="AKIAEXAMPLE", aws_secret_access_key="x"
    )
    with Cloud(tmp_path, clock=VirtualClock()):
        assert sts.get_caller_identity()["Account"] == "000000000000"


def test_decorator_activates_for_the_call(tmp_path: Path) -> None:
    cloud = Cloud(tmp_path, clock=VirtualClock(), account="123456789012")

    @cloud.activate
    def whoami() -> str:
        return str(boto3.client("sts").get_caller_identity()["Account"])

    try:
        assert whoami() == "123456789012"
    finally:
        cloud.close()


def test_environment_is_restored_after_the_last_activation(tmp_path: Path) -> None:
    before = dict(os.environ)
    with Cloud(tmp_path, clock=VirtualClock()):
        pass
    assert dict(os.environ) == before


def test_explicit_client_is_bound_to_its_own_cloud(tmp_path: Path) -> None:
    with (
        Cloud(tmp_path / "a", clock=VirtualClock(), account="111111111111") as a,
        Cloud(tmp_path / "b", clock=VirtualClock(), account="222222222222"),
    ):
        assert a.client("sts").get_caller_identity()["Account"] == "111111111111"
        assert boto3.client("sts").get_caller_identity()["Account"] == "222222222222"


def test_errors_raise_botocore_client_error_with_aws_code_and_status(cloud: Cloud) -> None:
    sts = cloud.client("sts")
    with pytest.raises(ClientError) as caught:
        sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/missing", RoleSessionName="s1")
    error = caught.value.response
    assert error["Error"]["Code"] == "AccessDenied"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_unserved_service_names_itself(cloud: Cloud) -> None:
    with pytest.raises(NotServedError, match="does not serve the kinesis service"):
        cloud.client("kinesis").list_streams()


def test_bad_account_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FourbeatError, match="12-digit"):
        Cloud(tmp_path, account="12")
