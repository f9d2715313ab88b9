"""The loop over due work: claim, run, and (on a thread) wait for the next item or a commit."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

from fourbeat.clock import Clock
from fourbeat.store import Claim, Store

Handler = Callable[[Claim], None]
"""Runs one claimed item; it must finish (or release) the claim, with its effects."""

LEASE_SECONDS = 300.0
"""How long a claim is held before another worker may take the item again (a killed worker)."""
POLL_SECONDS = 0.25
"""The longest the loop sleeps: items put by other processes wake no local condition."""
RETRY_SECONDS = 5.0
"""When an item whose handler raised on the background thread is tried again."""

_log = logging.getLogger("fourbeat.engine")


class Engine:
    def __init__(self, store: Store, clock: Clock, handlers: Mapping[str, Handler]) -> None:
        self._store = store
        self._clock = clock
        self._handlers = dict(handlers)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_due(self) -> int:
        """Run every item due now (and any it makes due now); returns how many ran."""
        ran = 0
        kinds = list(self._handlers)
        while claims := self._store.queue.claim_due(self._clock.now(), LEASE_SECONDS, kinds=kinds):
            for claim in claims:
                self._run(claim)
                ran += 1
        return ran

    def _run(self, claim: Claim) -> None:
        """Run one item; a handler that raises is a fourbeat bug, shown to the caller in
        tests and, on the background thread, logged with the item given back for later."""
        if threading.current_thread() is not self._thread:
            self._handlers[claim.kind](claim)
            return
        try:
            self._handlers[claim.kind](claim)
        except Exception:
            _log.exception("work item %s (%s) failed; trying again later", claim.id, claim.kind)
            self._store.queue.release(claim, self._clock.now() + RETRY_SECONDS)

    def run_until_idle(self, *, limit: float = 366 * 86400.0) -> int:
        """Run work, letting the clock pass to each next due item, until none is left or the
        next lies more than ``limit`` seconds ahead. Meant for virtual clocks."""
        ran = self.run_due()
        start = self._clock.now()
        while (due := self._next_due()) is not None and due - start <= limit:
            self._clock.sleep(due - self._clock.now())
            ran += self.run_due()
        return ran

    def _next_due(self) -> float | None:
        return self._store.queue.next_due(kinds=list(self._handlers))

    def start(self) -> None:
        """Run the loop on a daemon thread until ``stop()``."""
        if self._thread is None and self._handlers:
            self._thread = threading.Thread(target=self._loop, name="fourbeat-engine", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._store.queue.changed:
            self._store.queue.changed.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _loop(self) -> None:
        queue = self._store.queue
        while not self._stop.is_set():
            seen = queue.generation
            self.run_due()
            due = self._next_due()
            wait = POLL_SECONDS if due is None else min(POLL_SECONDS, due - self._clock.now())
            if wait > 0:
                with queue.changed:
                    if not self._stop.is_set() and queue.generation == seen:
                        self._clock.wait(queue.changed, wait)
