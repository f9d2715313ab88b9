"""The pytest plugin: ``fourbeat_cloud`` is an active cloud with a virtual clock."""

from __future__ import annotations

import boto3
import pytest

from fourbeat import Cloud, VirtualClock
from fourbeat.testing import output_shape_errors


def test_fourbeat_cloud_fixture_is_active_with_a_virtual_clock(fourbeat_cloud: Cloud) -> None:
    assert isinstance(fourbeat_cloud.clock, VirtualClock)
    assert boto3.client("sts").get_caller_identity()["Account"] == fourbeat_cloud.account


def test_output_shape_errors_name_every_departure() -> None:
    errors = output_shape_errors(
        "sts", "GetCallerIdentity", {"Account": 12, "Arn": "x", "Extra": 1}
    )
    assert errors == [
        "GetCallerIdentity.Account: expected a string, got int",
        "GetCallerIdentity.Extra: not a member of GetCallerIdentityResponse",
    ]


def test_output_shape_check_fails_on_a_naive_datetime() -> None:
    from datetime import datetime

    errors = output_shape_errors(
        "sts",
        "GetSessionToken",
        {"Credentials": {"Expiration": datetime(2026, 1, 1)}},
    )
    assert any("timezone-aware" in e for e in errors)


@pytest.mark.parametrize("operation", ["GetCallerIdentity"])
def test_a_fitting_response_has_no_errors(operation: str) -> None:
    assert output_shape_errors("sts", operation, {"Account": "1", "Arn": "a", "UserId": "u"}) == []
