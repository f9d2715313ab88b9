"""The one clock: every part of fourbeat asks it what time it is and how to wait.

``SystemClock`` is wall time. ``VirtualClock`` only moves when told (``advance``) or when
something waits on it, so tests run Waits, retries, delays and timeouts without sleeping.
Nothing else in fourbeat may call ``time.time``, ``time.sleep`` or ``datetime.now``.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch."""
        ...

    def wait(self, condition: threading.Condition, timeout: float) -> None:
        """Wait on ``condition`` (held by the caller) for at most ``timeout`` seconds."""
        ...

    def sleep(self, seconds: float) -> None: ...


def as_datetime(epoch: float) -> datetime:
    """An epoch time as the timezone-aware datetime botocore parses timestamps into."""
    return datetime.fromtimestamp(epoch, UTC)


class SystemClock:
    def now(self) -> float:
        return time.time()

    def wait(self, condition: threading.Condition, timeout: float) -> None:
        condition.wait(timeout)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class VirtualClock:
    """A clock that stands still until advanced; a wait advances it by the time waited."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:  # 2026-01-01T00:00:00Z
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        with self._lock:
            self._now += seconds

    def wait(self, condition: threading.Condition, timeout: float) -> None:
        self.advance(max(timeout, 0.0))

    def sleep(self, seconds: float) -> None:
        self.advance(max(seconds, 0.0))


class FollowingClock(SystemClock):
    """The system clock shifted to agree with another process's clock.

    A function's worker process runs on wall time, but the cloud that invokes it may run on a
    virtual clock; each invocation carries the caller's time, so what the handler's AWS calls
    record (timestamps, session expiry) is the caller's time, moving at wall speed between.
    """

    def __init__(self) -> None:
        self._offset = 0.0

    def follow(self, caller_now: float) -> None:
        self._offset = caller_now - time.time()

    def now(self) -> float:
        return time.time() + self._offset
