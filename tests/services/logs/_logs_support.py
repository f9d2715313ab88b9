"""What the CloudWatch Logs tests share: reading an error, and writing events quickly."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat import VirtualClock

GROUP = "/app/web"
STREAM = "web-1"


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def now_ms(clock: VirtualClock) -> int:
    return int(clock.now() * 1000)


def put(logs: Any, events: list[tuple[int, str]], stream: str = STREAM, group: str = GROUP) -> Any:
    return logs.put_log_events(
        logGroupName=group,
        logStreamName=stream,
        logEvents=[{"timestamp": ts, "message": message} for ts, message in events],
    )


def messages(events: list[dict[str, Any]]) -> list[str]:
    return [event["message"] for event in events]
