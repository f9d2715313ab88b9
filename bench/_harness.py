"""Timing harness: the same workload on fourbeat and on moto, interleaved, in one process.

A workload runs ``n`` iterations of each of its phases (``PutObject`` then ``GetObject``, or
``SendMessage`` then ``ReceiveMessage`` then ``DeleteMessage``) and returns the seconds each
phase took. The harness warms each side up, sizes ``n`` per side so that one round lasts about
``round_seconds``, then alternates rounds between the sides, so background load on the machine
falls on both alike. A phase's rate is its fastest round; the spread says how steady it was.

Numbers are printed, never asserted: a speed target is reported as PASS or MISS so a loaded
machine cannot turn a benchmark into a flaky test.
"""

from __future__ import annotations

import cProfile
import statistics
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

TARGET_RATIO = 5.0
"""The issue's goal: fourbeat at least five times moto on the small-payload paths."""

Clients = Callable[[str], tuple[Any, Any]]
"""``clients("s3")`` -> (fourbeat client, moto client), both boto3 clients."""

Workload = Callable[[int], dict[str, float]]
"""Runs ``n`` iterations of every phase; returns seconds per phase, in phase order."""


@dataclass(frozen=True)
class Settings:
    rounds: int = 7
    round_seconds: float = 0.3
    profiler: cProfile.Profile | None = None
    """When set, fourbeat's rounds (not its warm-up, not moto) run under this profiler."""


@dataclass(frozen=True)
class Rate:
    """Operations per second of one phase on one side, over several rounds."""

    per_round: tuple[float, ...]

    @property
    def best(self) -> float:
        """The fastest round: other load on the machine only ever slows a round down, so the
        fastest is the closest to the operation's own cost (timeit's convention)."""
        return max(self.per_round)

    @property
    def spread(self) -> float:
        """(fastest - slowest) / median: how much the machine disturbed the rounds."""
        low, high = min(self.per_round), max(self.per_round)
        median = statistics.median(self.per_round)
        return (high - low) / median if median else 0.0


@dataclass(frozen=True)
class Row:
    case: str
    operation: str
    fourbeat: Rate
    moto: Rate
    target: float | None
    bytes_per_op: int = 0

    @property
    def ratio(self) -> float:
        return self.fourbeat.best / self.moto.best

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "-"
        return "PASS" if self.ratio >= self.target else "MISS"


@dataclass
class Report:
    """Every row measured in this session, printed as one table at the end."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, rows: list[Row]) -> None:
        self.rows.extend(rows)


def compare(
    case: str,
    sides: Mapping[str, Workload],
    *,
    warmup: int,
    settings: Settings,
    target: float | None,
    bytes_per_op: int = 0,
) -> list[Row]:
    """Measure ``sides["fourbeat"]`` against ``sides["moto"]``; one row per phase."""
    rates = measure(sides, warmup=warmup, settings=settings, profiled="fourbeat")
    return [
        Row(case, phase, rate, rates["moto"][phase], target, bytes_per_op)
        for phase, rate in rates["fourbeat"].items()
    ]


def measure(
    sides: Mapping[str, Workload],
    *,
    warmup: int,
    settings: Settings,
    profiled: str | None = None,
) -> dict[str, dict[str, Rate]]:
    """Rates of every phase of every side, rounds alternating between the sides."""
    sizes = {name: _calibrate(work, warmup, settings.round_seconds) for name, work in sides.items()}
    rates: dict[str, dict[str, list[float]]] = {name: {} for name in sides}
    for _ in range(settings.rounds):
        for name, work in sides.items():
            n = sizes[name]
            with _profiling(settings.profiler if name == profiled else None):
                seconds = work(n)
            for phase, spent in seconds.items():
                rates[name].setdefault(phase, []).append(n / spent)
    return {
        name: {phase: Rate(tuple(values)) for phase, values in phases.items()}
        for name, phases in rates.items()
    }


def _calibrate(work: Workload, warmup: int, round_seconds: float) -> int:
    """Warm up, then size a round so it lasts about ``round_seconds``."""
    work(warmup)
    started = time.perf_counter()
    work(warmup)
    per_iteration = (time.perf_counter() - started) / warmup
    return max(1, round(round_seconds / per_iteration))


def _profiling(profiler: cProfile.Profile | None) -> AbstractContextManager[object]:
    return _enabled(profiler) if profiler is not None else nullcontext()


@contextmanager
def _enabled(profiler: cProfile.Profile) -> Iterator[cProfile.Profile]:
    profiler.enable()
    try:
        yield profiler
    finally:
        profiler.disable()


class Stopwatch:
    """Splits one round into phases: ``lap("PutObject")`` adds the time since the last lap to
    that phase, so a round may cycle through its phases several times."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.laps[phase] = self.laps.get(phase, 0.0) + now - self._last
        self._last = now


def format_table(rows: list[Row]) -> str:
    header = (
        f"{'case':<16} {'operation':<19} {'fourbeat ops/s':>15} {'moto ops/s':>12} "
        f"{'fourbeat/moto':>14} {'spread fb/moto':>15}  {'target':<8}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        target = f">={row.target:g}x {row.verdict}" if row.target is not None else ""
        spread = f"{row.fourbeat.spread:.0%}/{row.moto.spread:.0%}"
        lines.append(
            f"{row.case:<16} {row.operation:<19} {row.fourbeat.best:>15,.1f} "
            f"{row.moto.best:>12,.1f} {row.ratio:>13.2f}x {spread:>15}  {target:<8}"
        )
        if row.bytes_per_op >= 1 << 20:
            mib = row.bytes_per_op / (1 << 20)
            lines.append(
                f"{'':<16} {'  MiB/s':<19} {row.fourbeat.best * mib:>15,.1f} "
                f"{row.moto.best * mib:>12,.1f}"
            )
    return "\n".join(lines)


def target_summary(rows: list[Row]) -> str:
    """One line: whether every targeted row met its target."""
    targeted = [row for row in rows if row.target is not None]
    if not targeted:
        return "no targeted paths measured"
    missed = [
        f"{row.case} {row.operation} ({row.ratio:.2f}x)"
        for row in targeted
        if row.verdict == "MISS"
    ]
    if not missed:
        return f"PASS: all {len(targeted)} small-payload paths are >= {TARGET_RATIO:g}x moto"
    return f"MISS: {len(missed)} of {len(targeted)} small-payload paths below target: " + ", ".join(
        missed
    )
