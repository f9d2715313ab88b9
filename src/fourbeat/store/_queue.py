"""The work queue: due items that every asynchronous part of fourbeat shares.

A notification to deliver, an execution step, an async invocation, a timer: each is a row with
a ``kind``, a JSON ``payload`` and a ``due`` time. A worker claims due rows under a lease; it
then ``finish``es the claim in the same transaction as the work's effects and its next rows,
so a killed worker loses nothing: its lease runs out and another worker claims the row again
(at-least-once, as AWS's own asynchronous delivery). Storage knows nothing of what a kind means.

A watch turns changes into work without polling: ``watch(topic, kind, payload)`` registers an
item to run when ``notify(topic, due)`` is called (a message arrived in a queue, or will be
visible again at ``due``: the topic is the queue's ARN). A watch keeps at most one pending
item and remembers the earliest later time it was asked for; its handler calls ``rearm`` as it
starts, which schedules that later time (or leaves the next notification to do it), so no
wake-up is lost and none is doubled.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from typing import Any

from fourbeat.store._db import Database, Schema

SCHEMA = Schema(
    "work",
    [
        """
        create table work (
            id integer primary key,
            kind text not null,
            payload text not null,
            due real not null,
            lease_token text,
            lease_until real,
            attempts integer not null default 0
        );
        create index work_due on work (due)
        """,
        """
        create table work_watches (
            topic text not null,
            kind text not null,
            payload text not null,
            item integer,
            due real,
            later real,
            primary key (topic, kind, payload)
        )
        """,
    ],
)


@dataclass(frozen=True)
class Claim:
    id: int
    kind: str
    payload: Any
    attempts: int
    """How many times the row has been claimed, this claim included."""
    token: str


class WorkQueue:
    def __init__(self, db: Database) -> None:
        self._db = db
        db.migrate(SCHEMA)
        self.changed = threading.Condition()
        """Notified once an item put or given back in this process has committed; other
        processes' items are found by polling."""
        self.generation = 0
        """Counts those notifications, so a loop can tell whether one came while it worked."""

    def _note_change(self) -> None:
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def put(
        self, kind: str, payload: Any, due: float, *, db: sqlite3.Connection | None = None
    ) -> int:
        """Add an item; pass ``db`` to commit it with the caller's other changes."""
        with self._db.transaction() if db is None else _joined(db) as conn:
            cur = conn.execute(
                "insert into work (kind, payload, due) values (?, ?, ?)",
                (kind, json.dumps(payload), due),
            )
            self._db.after_commit(self._note_change)
            return int(cur.lastrowid or 0)

    def claim_due(
        self, now: float, lease: float, *, kinds: list[str] | None = None, limit: int = 1
    ) -> list[Claim]:
        """Lease up to ``limit`` items due by ``now`` whose lease is free or has run out."""
        token = uuid.uuid4().hex
        due = "due <= ? and (lease_until is null or lease_until <= ?)"
        args: list[Any] = [now, now]
        if kinds:
            due += f" and kind in ({','.join('?' * len(kinds))})"
            args += kinds
        # Look with a read first, which never waits for a writer nor holds one up: a loop woken
        # by every commit mostly finds nothing due, and taking the write lock to learn that
        # would stall the very writes that woke it.
        if (
            self._db.read().execute(f"select 1 from work where {due} limit 1", args).fetchone()
            is None
        ):
            return []
        with self._db.transaction() as conn:
            rows = conn.execute(
                f"select id from work where {due} order by due, id limit ?", [*args, limit]
            ).fetchall()
            claims = []
            for row in rows:
                claimed = conn.execute(
                    "update work set lease_token = ?, lease_until = ?, attempts = attempts + 1 "
                    "where id = ? returning id, kind, payload, attempts",
                    (token, now + lease, row["id"]),
                ).fetchone()
                claims.append(
                    Claim(
                        claimed["id"],
                        claimed["kind"],
                        json.loads(claimed["payload"]),
                        claimed["attempts"],
                        token,
                    )
                )
            return claims

    def finish(self, claim: Claim, *, db: sqlite3.Connection | None = None) -> bool:
        """Remove a claimed item; False if the lease was lost to another worker."""
        with self._db.transaction() if db is None else _joined(db) as conn:
            cur = conn.execute(
                "delete from work where id = ? and lease_token = ?", (claim.id, claim.token)
            )
            return cur.rowcount == 1

    def release(
        self, claim: Claim, due: float | None = None, *, db: sqlite3.Connection | None = None
    ) -> bool:
        """Give an item back, due again at ``due`` (a retry) or at once."""
        with self._db.transaction() if db is None else _joined(db) as conn:
            cur = conn.execute(
                "update work set lease_token = null, lease_until = null, due = coalesce(?, due) "
                "where id = ? and lease_token = ?",
                (due, claim.id, claim.token),
            )
            self._db.after_commit(self._note_change)
            return cur.rowcount == 1

    def extend(self, claim: Claim, until: float, *, db: sqlite3.Connection | None = None) -> bool:
        """Hold a claim until ``until`` (long work); False if the lease was lost meanwhile."""
        with self._db.transaction() if db is None else _joined(db) as conn:
            cur = conn.execute(
                "update work set lease_until = ? where id = ? and lease_token = ?",
                (until, claim.id, claim.token),
            )
            return cur.rowcount == 1

    def watch(self, topic: str, kind: str, payload: Any) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "insert or ignore into work_watches (topic, kind, payload) values (?, ?, ?)",
                (topic, kind, json.dumps(payload)),
            )

    def unwatch(self, topic: str, kind: str, payload: Any) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "delete from work_watches where topic = ? and kind = ? and payload = ?",
                (topic, kind, json.dumps(payload)),
            )

    def notify(self, topic: str, due: float, *, db: sqlite3.Connection | None = None) -> None:
        """Make every watch of ``topic`` run at ``due``; pass ``db`` to join a transaction."""
        with self._db.transaction() if db is None else _joined(db) as conn:
            watches = conn.execute(
                "select rowid, kind, payload, item, due, later from work_watches where topic = ?",
                (topic,),
            ).fetchall()
            for watch in watches:
                item, pending, later = watch["item"], watch["due"], watch["later"]
                if item is None:
                    item, pending = (
                        self.put(watch["kind"], json.loads(watch["payload"]), due, db=conn),
                        due,
                    )
                elif due < pending:
                    conn.execute(
                        "update work set due = ? where id = ? and lease_token is null", (due, item)
                    )
                    pending, later = due, _earliest(later, pending)
                elif due > pending:
                    later = _earliest(later, due)
                conn.execute(
                    "update work_watches set item = ?, due = ?, later = ? where rowid = ?",
                    (item, pending, later, watch["rowid"]),
                )

    def rearm(self, topic: str, kind: str, payload: Any) -> None:
        """The watch's item has started: schedule the later time it was asked for, if any."""
        key = (topic, kind, json.dumps(payload))
        with self._db.transaction() as conn:
            row = conn.execute(
                "select later from work_watches where topic = ? and kind = ? and payload = ?", key
            ).fetchone()
            if row is None:
                return
            item = None if row["later"] is None else self.put(kind, payload, row["later"], db=conn)
            conn.execute(
                "update work_watches set item = ?, due = ?, later = null "
                "where topic = ? and kind = ? and payload = ?",
                (item, row["later"], *key),
            )

    def next_due(self, *, kinds: list[str] | None = None) -> float | None:
        """When the earliest item can next be claimed: its due time, or when its lease runs
        out if it is leased (how long a loop may wait)."""
        sql, args = "select min(max(due, coalesce(lease_until, due))) from work", []
        if kinds:
            sql, args = sql + f" where kind in ({','.join('?' * len(kinds))})", kinds
        row = self._db.read().execute(sql, args).fetchone()
        return None if row[0] is None else float(row[0])

    def pending(self, kind: str | None = None) -> int:
        sql, args = "select count(*) from work", []
        if kind is not None:
            sql, args = sql + " where kind = ?", [kind]
        return int(self._db.read().execute(sql, args).fetchone()[0])


def _earliest(a: float | None, b: float) -> float:
    return b if a is None else min(a, b)


class _joined:
    """Use the caller's open transaction as it is."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> sqlite3.Connection:
        return self._conn

    def __exit__(self, *exc: object) -> None:
        return None
