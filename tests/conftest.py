"""Shared fixtures. ``fourbeat_cloud`` itself comes from fourbeat's pytest plugin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fourbeat import Cloud, VirtualClock


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def cloud(tmp_path: Path, clock: VirtualClock) -> Iterator[Cloud]:
    """An active cloud on a fresh data directory whose clock the test controls."""
    with Cloud(tmp_path / "cloud", clock=clock) as active:
        yield active
