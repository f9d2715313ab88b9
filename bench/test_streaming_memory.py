"""A 1 GiB object streamed through fourbeat's PutObject and GetObject in flat memory.

The body is a ``PatternStream`` (made as it is read, never whole in memory) and the download
is read with ``iter_chunks``, so memory held during the calls is fourbeat's (or botocore's)
buffering. Two measures (see ``_memory.PeakRss``): the growth of the process's peak resident
memory, and the peak of Python allocations. Flat means tens of MiB at most; the bench prints
PASS/MISS against 64 MiB and only fails outright past 512 MiB, which no streaming
implementation reaches.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from _harness import Report
from _memory import GiB, MiB, PatternStream, PeakRss
from fourbeat import Cloud

SIZE = 1 * GiB
FLAT_MIB = 64
BROKEN_MIB = 512
BUCKET = "fourbeat-bench-stream"
KEY = "one-gibibyte.bin"

pytestmark = [pytest.mark.bench, pytest.mark.timeout(600)]


def test_1gib_object_streams_in_flat_memory(tmp_path: Path, report: Report) -> None:
    cloud = Cloud(tmp_path / "cloud")
    try:
        s3 = cloud.client("s3")
        s3.create_bucket(Bucket=BUCKET)
        put, put_seconds, sent = _put(s3)
        got, get_seconds, received = _get(s3)
        s3.delete_object(Bucket=BUCKET, Key=KEY)
    finally:
        cloud.close()
        shutil.rmtree(tmp_path / "cloud", ignore_errors=True)
    assert received == sent, "the downloaded bytes differ from the uploaded ones"
    lines = [
        f"1 GiB streaming on fourbeat (RSS peak measured as {put.method}; tracemalloc):",
        _line("PutObject", put, put_seconds),
        _line("GetObject", got, get_seconds),
    ]
    print("\n" + "\n".join(lines))
    report.notes.extend(["", *lines])
    worst = max(m for p in (put, got) for m in (p.growth_mib, p.heap_peak_mib))
    assert worst < BROKEN_MIB, f"memory peaked {worst:.0f} MiB higher: a 1 GiB body was buffered"


def _put(s3: Any) -> tuple[PeakRss, float, str]:
    body = PatternStream(SIZE)
    with PeakRss() as peak:
        started = time.perf_counter()
        answer = s3.put_object(Bucket=BUCKET, Key=KEY, Body=body)
        seconds = time.perf_counter() - started
    sent = body.md5.hexdigest()
    assert answer["ETag"] == f'"{sent}"', "the ETag of a single-part put is the body's MD5"
    return peak, seconds, sent


def _get(s3: Any) -> tuple[PeakRss, float, str]:
    digest = hashlib.md5()
    size = 0
    with PeakRss() as peak:
        started = time.perf_counter()
        answer = s3.get_object(Bucket=BUCKET, Key=KEY)
        for chunk in answer["Body"].iter_chunks(MiB):
            digest.update(chunk)
            size += len(chunk)
        seconds = time.perf_counter() - started
    assert size == SIZE == answer["ContentLength"]
    return peak, seconds, digest.hexdigest()


def _line(operation: str, peak: PeakRss, seconds: float) -> str:
    worst = max(peak.growth_mib, peak.heap_peak_mib)
    verdict = "PASS" if worst <= FLAT_MIB else "MISS"
    return (
        f"  {operation:<10} peak RSS +{peak.growth_mib:.1f} MiB "
        f"({peak.before_kib / 1024:.0f} -> {peak.peak_kib / 1024:.0f} MiB), "
        f"Python allocations peak {peak.heap_peak_mib:.1f} MiB, "
        f"{SIZE / MiB / seconds:,.0f} MiB/s; flat (<= {FLAT_MIB} MiB): {verdict}"
    )
