"""Clients the IAM and STS tests share: plain boto3 clients, served by the active cloud (and
quick to make, since boto3's default session keeps the service models it has loaded)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fourbeat import Cloud


@pytest.fixture
def iam(cloud: Cloud) -> Any:
    return boto3.client("iam")


@pytest.fixture
def sts(cloud: Cloud) -> Any:
    return boto3.client("sts")
