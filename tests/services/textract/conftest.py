"""Fixtures for Textract: its client, and a bucket to put documents in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from fourbeat import Cloud

BUCKET = "docs"


@pytest.fixture
def textract(cloud: Cloud) -> Any:
    return cloud.client("textract")


@pytest.fixture
def upload(cloud: Cloud) -> Callable[[str, bytes], dict[str, str]]:
    """Put a document in the ``docs`` bucket; its S3Object for Textract."""
    s3 = cloud.client("s3")
    s3.create_bucket(Bucket=BUCKET)

    def put(key: str, data: bytes) -> dict[str, str]:
        s3.put_object(Bucket=BUCKET, Key=key, Body=data)
        return {"Bucket": BUCKET, "Name": key}

    return put
