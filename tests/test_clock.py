"""One clock: virtual time moves only when told or when something waits on it."""

from __future__ import annotations

import threading

import pytest

from fourbeat import VirtualClock
from fourbeat.clock import as_datetime


def test_virtual_clock_stands_still_until_advanced() -> None:
    clock = VirtualClock(start=100.0)
    assert clock.now() == 100.0
    clock.advance(2.5)
    assert clock.now() == 102.5
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_waiting_on_a_virtual_clock_advances_it_without_sleeping() -> None:
    clock = VirtualClock(start=0.0)
    condition = threading.Condition()
    with condition:
        clock.wait(condition, 20)
    clock.sleep(5)
    assert clock.now() == 25


def test_as_datetime_is_timezone_aware_utc() -> None:
    moment = as_datetime(0)
    assert moment.isoformat() == "1970-01-01T00:00:00+00:00"
