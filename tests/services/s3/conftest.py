"""Clients and a bucket the S3 tests share: plain boto3 clients, served by the active cloud."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from fourbeat import Cloud, VirtualClock


@pytest.fixture
def cloud(tmp_path: Path, clock: VirtualClock) -> Iterator[Cloud]:
    """The shared cloud fixture, in us-east-1 (naming the region spares looking it up)."""
    with Cloud(tmp_path / "cloud", clock=clock, region="us-east-1") as active:
        yield active


@pytest.fixture
def s3(cloud: Cloud) -> Any:
    return boto3.client("s3", region_name="us-east-1")


@pytest.fixture
def bucket(s3: Any) -> str:
    s3.create_bucket(Bucket="test-bucket")
    return "test-bucket"


@pytest.fixture
def versioned(s3: Any) -> str:
    s3.create_bucket(Bucket="versioned-bucket")
    s3.put_bucket_versioning(
        Bucket="versioned-bucket", VersioningConfiguration={"Status": "Enabled"}
    )
    return "versioned-bucket"
