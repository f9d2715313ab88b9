"""Fixtures for CloudWatch Logs: a client of the test's cloud and a group with one stream."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _logs_support import GROUP, STREAM

from fourbeat import Cloud, VirtualClock


@pytest.fixture
def cloud(tmp_path: Path, clock: VirtualClock) -> Iterator[Cloud]:
    """The shared cloud fixture, pinned to us-east-1 (the ARNs the tests expect)."""
    with Cloud(tmp_path / "cloud", clock=clock, region="us-east-1") as active:
        yield active


@pytest.fixture
def logs(cloud: Cloud) -> Any:
    return cloud.client("logs")


@pytest.fixture
def stream(logs: Any) -> tuple[str, str]:
    """The group ``/app/web`` with the stream ``web-1`` in it."""
    logs.create_log_group(logGroupName=GROUP)
    logs.create_log_stream(logGroupName=GROUP, logStreamName=STREAM)
    return GROUP, STREAM
