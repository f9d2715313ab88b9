"""The engine runs due work by kind, lets a virtual clock pass to the next item, and on a
thread keeps a failing item for later instead of dying."""

from __future__ import annotations

import threading
from pathlib import Path

from fourbeat.clock import SystemClock, VirtualClock
from fourbeat.engine import Engine, Handler
from fourbeat.store import Claim, Store


def _recording(store: Store, seen: list[tuple[str, object]]) -> dict[str, Handler]:
    def handler(claim: Claim) -> None:
        seen.append((claim.kind, claim.payload))
        store.queue.finish(claim)

    return {"a": handler, "b": handler}


def test_run_due_runs_only_due_items_of_known_kinds(tmp_path: Path) -> None:
    store, clock = Store(tmp_path), VirtualClock()
    seen: list[tuple[str, object]] = []
    engine = Engine(store, clock, _recording(store, seen))
    now = clock.now()
    store.queue.put("a", 1, now)
    store.queue.put("b", 2, now + 10)
    store.queue.put("other", 3, now)
    assert engine.run_due() == 1
    assert seen == [("a", 1)]
    assert store.queue.pending("other") == 1


def test_run_until_idle_lets_the_clock_pass_to_each_item(tmp_path: Path) -> None:
    store, clock = Store(tmp_path), VirtualClock()
    seen: list[tuple[str, object]] = []
    engine = Engine(store, clock, _recording(store, seen))
    start = clock.now()
    store.queue.put("a", "late", start + 3600)
    store.queue.put("b", "soon", start + 5)
    assert engine.run_until_idle() == 2
    assert seen == [("b", "soon"), ("a", "late")]
    assert clock.now() == start + 3600


def test_run_until_idle_stops_before_items_past_its_limit(tmp_path: Path) -> None:
    store, clock = Store(tmp_path), VirtualClock()
    seen: list[tuple[str, object]] = []
    engine = Engine(store, clock, _recording(store, seen))
    store.queue.put("a", "far", clock.now() + 86400)
    assert engine.run_until_idle(limit=60) == 0
    assert store.queue.pending("a") == 1


def test_the_thread_runs_new_work_and_keeps_a_failing_item(tmp_path: Path) -> None:
    store, done = Store(tmp_path), threading.Event()

    def works(claim: Claim) -> None:
        store.queue.finish(claim)
        done.set()

    def breaks(claim: Claim) -> None:
        raise RuntimeError("a bug in a handler")

    engine = Engine(store, SystemClock(), {"ok": works, "bad": breaks})
    engine.start()
    try:
        store.queue.put("bad", {}, SystemClock().now())
        store.queue.put("ok", {}, SystemClock().now())
        assert done.wait(10)
    finally:
        engine.stop()
    assert store.queue.pending("bad") == 1  # given back for a later try, not lost
    assert store.queue.pending("ok") == 0
