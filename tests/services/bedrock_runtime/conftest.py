"""A bedrock-runtime client on the test's cloud."""

from __future__ import annotations

from typing import Any

import pytest

from fourbeat import Cloud


@pytest.fixture
def bedrock(cloud: Cloud) -> Any:
    return cloud.client("bedrock-runtime")
