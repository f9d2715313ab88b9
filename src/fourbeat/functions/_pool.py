"""Warm workers, reused: an invocation takes an idle worker of its function's current revision
or starts one (a cold start), and gives it back when done.

A worker is retired when its function changed (another revision), when its role session would
run out during an invocation (it was minted for the worker's start), or when it timed out or
crashed. Nothing here knows the Lambda API.
"""

from __future__ import annotations

import threading
from collections import defaultdict

from fourbeat.functions._spec import CredentialSource, FunctionSpec, Invocation, Outcome
from fourbeat.functions._worker import Worker


class WorkerPool:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[str, list[Worker]] = defaultdict(list)
        self._busy: dict[str, int] = defaultdict(int)
        self._closed = False

    def invoke(
        self, spec: FunctionSpec, invocation: Invocation, credentials: CredentialSource
    ) -> Outcome:
        worker = self._take(spec, invocation.now) or Worker(spec, credentials(), invocation.now)
        try:
            return worker.invoke(invocation)
        finally:
            self._give_back(spec.name, worker)

    def running(self, function_name: str) -> int:
        """Invocations of the function in flight now (for reserved concurrency)."""
        with self._lock:
            return self._busy[function_name]

    def _take(self, spec: FunctionSpec, now: float) -> Worker | None:
        with self._lock:
            self._busy[spec.name] += 1
            idle = self._idle[spec.name]
            stale = [w for w in idle if not _fits(w, spec, now)]
            for worker in stale:
                idle.remove(worker)
            found = idle.pop() if idle else None
        for worker in stale:
            worker.close()
        return found

    def _give_back(self, function_name: str, worker: Worker) -> None:
        with self._lock:
            self._busy[function_name] -= 1
            keep = worker.alive and not self._closed
            if keep:
                self._idle[function_name].append(worker)
        if not keep:
            worker.close()

    def retire(self, function_name: str) -> None:
        """Stop the function's idle workers (it was deleted)."""
        with self._lock:
            workers = self._idle.pop(function_name, [])
        for worker in workers:
            worker.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = [w for idle in self._idle.values() for w in idle]
            self._idle.clear()
        for worker in workers:
            worker.close()


def _fits(worker: Worker, spec: FunctionSpec, now: float) -> bool:
    expiration = worker.credentials.expiration
    fresh = expiration is None or expiration - now > spec.timeout
    return worker.alive and worker.spec.revision == spec.revision and fresh
