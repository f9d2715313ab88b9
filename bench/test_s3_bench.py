"""S3 object round trips: PutObject then GetObject (body read whole), fourbeat against moto.

The 1 KiB case is a small-payload path with the 5x target; the 10 MiB case shows bulk
throughput and is reported without a target. Both sides write the same 20 keys over and over,
so the bucket holds the same objects on each side whatever the round sizes.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from _harness import (
    TARGET_RATIO,
    Clients,
    Report,
    Row,
    Settings,
    Stopwatch,
    Workload,
    compare,
    format_table,
)

BUCKET = "fourbeat-bench"
KiB = 1 << 10
MiB = 1 << 20
KEYS = 20

pytestmark = pytest.mark.bench


def object_round_trip(client: Any, payload: bytes) -> Workload:
    """Put ``n`` objects, then get each back, cycling through the same ``KEYS`` keys."""
    client.create_bucket(Bucket=BUCKET)

    def run(n: int) -> dict[str, float]:
        watch = Stopwatch()
        for i in range(n):
            client.put_object(Bucket=BUCKET, Key=f"object-{i % KEYS}", Body=payload)
        watch.lap("PutObject")
        for i in range(n):
            key = f"object-{i % KEYS}"
            body = client.get_object(Bucket=BUCKET, Key=key)["Body"].read()
            if len(body) != len(payload):
                raise AssertionError(f"{key}: got {len(body)} bytes, put {len(payload)}")
        watch.lap("GetObject")
        return watch.laps

    return run


def _bench(
    name: str, size: int, warmup: int, target: float | None, clients: Clients, settings: Settings
) -> list[Row]:
    payload = random.Random(size).randbytes(size)
    fourbeat, moto = clients("s3")
    sides = {
        "fourbeat": object_round_trip(fourbeat, payload),
        "moto": object_round_trip(moto, payload),
    }
    # The last put object must read back byte for byte on both sides before timings count.
    for side, client in (("fourbeat", fourbeat), ("moto", moto)):
        sides[side](1)
        assert client.get_object(Bucket=BUCKET, Key="object-0")["Body"].read() == payload
    rows = compare(name, sides, warmup=warmup, settings=settings, target=target, bytes_per_op=size)
    print("\n" + format_table(rows))
    return rows


def test_s3_put_get_1kib(clients: Clients, settings: Settings, report: Report) -> None:
    report.add(_bench("s3 1 KiB", KiB, 50, TARGET_RATIO, clients, settings))


def test_s3_put_get_10mib(clients: Clients, settings: Settings, report: Report) -> None:
    report.add(_bench("s3 10 MiB", 10 * MiB, 2, None, clients, settings))
