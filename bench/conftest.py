"""Benchmark fixtures: a fourbeat cloud and moto side by side, the session's report, profiling.

Both sides live in one process at once so their rounds can alternate. The fourbeat cloud is
therefore not activated (``with cloud:`` would also serve the moto client, which botocore's
client plugin would hand to fourbeat); its clients come from ``cloud.client()``, which are
bound to it and take exactly the same call path as activated ones. moto's ``mock_aws`` serves
the clients made while it runs, as in any moto-based test suite.

Run: ``python -m pytest bench -m bench -s`` (see bench/README.md for the options).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from _harness import Clients, Report, Settings, format_table, target_summary
from fourbeat import Cloud

REGION = "us-east-1"
_REPORT = pytest.StashKey[Report]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fourbeat bench")
    group.addoption("--bench-rounds", type=int, default=7, help="rounds per side (default 7)")
    group.addoption(
        "--bench-round-seconds",
        type=float,
        default=0.3,
        help="target length of one round in seconds (default 0.3)",
    )
    group.addoption(
        "--bench-profile",
        action="store_true",
        help="run fourbeat's rounds under cProfile and print its hotspots after each bench",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_REPORT] = Report()


@pytest.fixture(scope="session")
def report(request: pytest.FixtureRequest) -> Report:
    return request.config.stash[_REPORT]


@pytest.fixture
def settings(request: pytest.FixtureRequest, report: Report) -> Iterator[Settings]:
    config = request.config
    profiler = cProfile.Profile() if config.getoption("--bench-profile") else None
    if profiler is not None and not report.notes:
        report.notes.append("(--bench-profile: fourbeat's rates include cProfile's overhead)")
    yield Settings(
        rounds=config.getoption("--bench-rounds"),
        round_seconds=config.getoption("--bench-round-seconds"),
        profiler=profiler,
    )
    if profiler is not None and profiler.getstats():
        print(f"\n--- cProfile of fourbeat's rounds in {request.node.name} ---")
        print(hotspots(profiler))


@pytest.fixture
def clients(tmp_path: Path) -> Iterator[Clients]:
    cloud = Cloud(tmp_path / "cloud", region=REGION)
    try:
        with mock_aws():

            def make(service: str) -> tuple[Any, Any]:
                return cloud.client(service), boto3.client(service, region_name=REGION)

            yield make
    finally:
        cloud.close()
        # pytest keeps the last runs' temporary directories; the 10 MiB bench leaves 200 MiB.
        shutil.rmtree(tmp_path / "cloud", ignore_errors=True)


def hotspots(profiler: cProfile.Profile, limit: int = 20) -> str:
    """Where the time went: functions by own time, then fourbeat's by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    out.write("by own time (all code):\n")
    stats.sort_stats(pstats.SortKey.TIME).print_stats(limit)
    full = pstats.Stats(profiler, stream=out)
    out.write("by cumulative time (fourbeat's code):\n")
    full.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(r"/fourbeat/", limit)
    return out.getvalue()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    result = config.stash.get(_REPORT, None)
    if result is None or not (result.rows or result.notes):
        return
    terminalreporter.section("fourbeat vs moto (same process, interleaved rounds)")
    if result.rows:
        terminalreporter.write_line(format_table(result.rows))
        terminalreporter.write_line("")
        terminalreporter.write_line(target_summary(result.rows))
    for note in result.notes:
        terminalreporter.write_line(note)
