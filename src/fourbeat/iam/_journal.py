"""The decision journal: what IAM decided, kept in the data directory.

Decisions are buffered and written in batches (one transaction per batch), so recording costs
a call almost nothing; the buffer is written when it fills, when the cloud closes and, in a
function's worker process, after every invocation, so a run's decisions are all there once it
is over, whichever process made them.

Depends on ``store``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from fourbeat.store import Database

BATCH = 1000


@dataclass(frozen=True)
class Recorded:
    at: float
    principal: str
    action: str
    resource: str
    allowed: bool
    reason: str | None
    """AWS's wording of a denial; None when allowed."""


class DecisionJournal:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
        self._pending: list[Recorded] = []

    def add(self, decision: Recorded) -> None:
        with self._lock:
            self._pending.append(decision)
            full = len(self._pending) >= BATCH
        if full:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        if not pending:
            return
        with self._db.transaction() as db:
            db.executemany(
                "insert into iam_decisions (at, principal, action, resource, allowed, reason) "
                "values (?, ?, ?, ?, ?, ?)",
                [
                    (d.at, d.principal, d.action, d.resource, int(d.allowed), d.reason)
                    for d in pending
                ],
            )

    def read(
        self, *, principal_like: str | None = None, denied_only: bool = False
    ) -> list[Recorded]:
        """Recorded decisions, oldest first (pending ones written first)."""
        self.flush()
        sql, args = "select * from iam_decisions where 1 = 1", []
        if principal_like is not None:
            sql, args = sql + " and principal like ?", [principal_like]
        if denied_only:
            sql += " and allowed = 0"
        rows = self._db.read().execute(sql + " order by id", args).fetchall()
        return [
            Recorded(
                r["at"], r["principal"], r["action"], r["resource"], bool(r["allowed"]), r["reason"]
            )
            for r in rows
        ]
