"""Retriers and catchers: which one handles an error, and how long to back off.

https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
``States.ALL`` matches every error but ``States.Runtime`` (never retried or caught);
``States.TaskFailed`` matches every error but ``States.Timeout`` (and ``States.Runtime``).
Imports nothing outside ``states``.
"""

from __future__ import annotations

import random

from fourbeat.states._model import Catcher, Retrier

_UNCATCHABLE = {"States.Runtime", "States.DataLimitExceeded"}


def matches(error_equals: tuple[str, ...], error: str) -> bool:
    if error in _UNCATCHABLE:
        return False
    for name in error_equals:
        if name in (error, "States.ALL"):
            return True
        if name == "States.TaskFailed" and error != "States.Timeout":
            return True
    return False


def find_retrier(retriers: tuple[Retrier, ...], error: str) -> Retrier | None:
    """The first retrier whose ErrorEquals names ``error``; only it may retry."""
    return next((r for r in retriers if matches(r.error_equals, error)), None)


def find_catcher(catchers: tuple[Catcher, ...], error: str) -> Catcher | None:
    return next((c for c in catchers if matches(c.error_equals, error)), None)


def backoff(retrier: Retrier, attempt: int, rng: random.Random) -> float:
    """Seconds before retry number ``attempt + 1``: interval x rate^attempt, capped, jittered."""
    delay = retrier.interval_seconds * retrier.backoff_rate**attempt
    if retrier.max_delay_seconds is not None:
        delay = min(delay, retrier.max_delay_seconds)
    if retrier.jitter_strategy == "FULL":
        delay = rng.uniform(0, delay)
    return float(delay)
