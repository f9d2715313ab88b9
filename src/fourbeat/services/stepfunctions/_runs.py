"""Running an execution durably: steps in the engine, checkpoints in the store.

A run is a work item naming the execution. Its handler loads the interpreter's snapshot,
advances it step by step and checkpoints: the new history events, the execution's row and its
snapshot, and the work item's next due time (or its removal) commit in one transaction. A
checkpoint follows every step that called a task (so no task's effect is repeated after a
crash beyond what at-least-once delivery allows), every wait, the end, and at most
``CHECKPOINT_STEPS`` pure steps; a killed process loses only pure steps, which the next claim
runs again. An execution stopped meanwhile (StopExecution) is noticed at the next checkpoint.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable
from typing import Any

from fourbeat.clock import Clock
from fourbeat.services.stepfunctions import _events
from fourbeat.services.stepfunctions._common import compiled
from fourbeat.services.stepfunctions._integrations import Invoke
from fourbeat.states import Execution
from fourbeat.states import _snapshot as snapshot
from fourbeat.states._payload import compact
from fourbeat.store import Claim, Store

KIND = "stepfunctions.execution"
CHECKPOINT_STEPS = 200
LEASE_SECONDS = 300.0
"""How long each checkpoint holds the run: a worker killed mid-run frees it this long after."""


def start_row(
    db: sqlite3.Connection,
    store: Store,
    execution: Execution,
    machine_arn: str,
    definition: str,
    role_arn: str,
) -> None:
    """Record a new execution and its first work item, in the caller's transaction."""
    arn = execution.identity.execution_arn
    db.execute(
        "insert into sfn_executions (arn, machine_arn, name, status, started, input, "
        "definition, role_arn, snapshot) values (?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?)",
        (
            arn,
            machine_arn,
            execution.identity.name,
            execution.started_at,
            compact(execution.input),
            definition,
            role_arn,
            snapshot.dump(execution),
        ),
    )
    _events.insert(db, arn, execution.history)
    store.queue.put(KIND, {"arn": arn}, execution.started_at, db=db)


class Runner:
    """The work handler for executions; ``invoker`` gives the Task invoker of a run."""

    def __init__(self, store: Store, clock: Clock, invoker: Callable[[str, str], Invoke]) -> None:
        self._store = store
        self._clock = clock
        self._invoker = invoker

    def __call__(self, claim: Claim) -> None:
        execution, saved = self._load(claim.payload["arn"])
        if execution is None:
            self._store.queue.finish(claim)
            return
        since = 0
        while True:
            if not _idle(execution, self._clock.now()):
                before = len(execution.history)
                execution.advance()
                since += 1
                if not (
                    since >= CHECKPOINT_STEPS
                    or _called_task(execution, before)
                    or _idle(execution, self._clock.now())
                ):
                    continue
            if not self._checkpoint(execution, saved, claim) or _idle(execution, self._clock.now()):
                return
            saved, since = len(execution.history), 0

    def resume(self, arn: str, act: Callable[[Execution], bool]) -> bool:
        """Apply ``act`` (a task token's answer) to a waiting execution and queue its run;
        False when the execution is not running or ``act`` found nothing to answer."""
        execution, saved = self._load(arn)
        if execution is None or not act(execution):
            return False
        with self._store.db.transaction() as db:
            row = db.execute("select status from sfn_executions where arn = ?", (arn,))
            if row.fetchone()["status"] != "RUNNING":
                return False
            _events.insert(db, arn, execution.history[saved:])
            db.execute(
                "update sfn_executions set snapshot = ? where arn = ?",
                (snapshot.dump(execution), arn),
            )
            self._store.queue.put(KIND, {"arn": arn}, self._clock.now(), db=db)
        return True

    def _load(self, arn: str) -> tuple[Execution | None, int]:
        db = self._store.db.read()
        row = db.execute("select * from sfn_executions where arn = ?", (arn,)).fetchone()
        if row is None or row["status"] != "RUNNING":
            return None, 0
        history = _events.read(db, arn)
        execution = snapshot.load(
            row["snapshot"],
            compiled(row["definition"]),
            clock=self._clock,
            invoke=self._invoker(row["role_arn"], row["name"]),
            events=history,
        )
        return execution, len(history)

    def _checkpoint(self, execution: Execution, saved: int, claim: Claim) -> bool:
        """Commit what happened since the last checkpoint; False if the run must end here
        (the execution was stopped meanwhile, or another worker holds it now)."""
        arn = claim.payload["arn"]
        done = execution.status != "RUNNING"
        with self._store.db.transaction() as db:
            current = db.execute("select status from sfn_executions where arn = ?", (arn,))
            row = current.fetchone()
            if row is None or row["status"] != "RUNNING":
                self._store.queue.finish(claim, db=db)
                return False
            _events.insert(db, arn, execution.history[saved:])
            db.execute(
                "update sfn_executions set status = ?, stopped = ?, output = ?, error = ?, "
                "cause = ?, snapshot = ? where arn = ?",
                (
                    execution.status,
                    self._clock.now() if done else None,
                    _output(execution),
                    execution.error,
                    execution.cause,
                    None if done else snapshot.dump(execution),
                    arn,
                ),
            )
            if done:
                return self._store.queue.finish(claim, db=db)
            if _waiting(execution, self._clock.now()):
                due = execution.next_due
                if due == math.inf:  # a task token's answer will queue the run again
                    self._store.queue.finish(claim, db=db)
                    return False
                # The run goes on from the released item when it falls due.
                return self._store.queue.release(claim, due, db=db)
            return self._store.queue.extend(claim, self._clock.now() + LEASE_SECONDS, db=db)


def _output(execution: Execution) -> str | None:
    return compact(execution.output) if execution.status == "SUCCEEDED" else None


def _waiting(execution: Execution, now: float) -> bool:
    return bool(execution.stack) and execution.next_due > now


def _idle(execution: Execution, now: float) -> bool:
    return execution.status != "RUNNING" or _waiting(execution, now)


def _called_task(execution: Execution, before: int) -> bool:
    return any(e["type"] == "TaskScheduled" for e in execution.history[before:])


def stop_row(
    db: sqlite3.Connection, arn: str, now: float, error: str | None, cause: str | None
) -> None:
    """Abort a running execution: its status, stop date and ExecutionAborted event."""
    details = {k: v for k, v in (("error", error), ("cause", cause)) if v is not None}
    # AWS records the abort with previousEventId 0, whatever ran before it.
    event: dict[str, Any] = {
        "id": _events.last_id(db, arn) + 1,
        "previousEventId": 0,
        "timestamp": now,
        "type": "ExecutionAborted",
        "executionAbortedEventDetails": details,
    }
    _events.insert(db, arn, [event])
    db.execute(
        "update sfn_executions set status = 'ABORTED', stopped = ?, error = ?, cause = ?, "
        "snapshot = null where arn = ?",
        (now, error, cause, arn),
    )
