"""SQLite in WAL mode: one connection per thread, one ``transaction()``, versioned schemas.

Every part of fourbeat that keeps state declares its tables as a ``Schema`` (a component name
and an ordered list of migrations); ``Database.migrate`` applies what is missing and refuses a
database written by a newer fourbeat. Several threads and processes may open one database:
writes serialise on SQLite's lock (``BEGIN IMMEDIATE`` with a busy timeout) and WAL lets
readers go on meanwhile. ``synchronous=NORMAL`` in WAL mode keeps every committed transaction
across a killed process; only a power cut can lose the last ones.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fourbeat.errors import FourbeatError

BUSY_TIMEOUT_MS = 30_000
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Schema:
    """The tables of one component; ``migrations[i]`` takes it from version i to i + 1."""

    component: str
    migrations: Sequence[str]

    @property
    def version(self) -> int:
        return len(self.migrations)


_MIGRATIONS_TABLE = """
create table if not exists schema_versions (
    component text primary key,
    version integer not null
)
"""


class Database:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self.committed = threading.Condition()
        """Notified after every write transaction in this process (long polls wait on it)."""
        self.checkpointer = _Checkpointer(self)
        with self.transaction() as db:
            db.execute(_MIGRATIONS_TABLE)

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._all_lock:
                self._all.append(conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
            conn.execute(f"pragma busy_timeout = {BUSY_TIMEOUT_MS}")
            mode = conn.execute("pragma journal_mode = wal").fetchone()[0]
            conn.execute("pragma synchronous = normal")
            conn.execute("pragma foreign_keys = on")
            # Checkpoints run on the checkpointer thread, not inside a caller's commit.
            conn.execute("pragma wal_autocheckpoint = 0")
        except sqlite3.DatabaseError as exc:
            raise FourbeatError(
                f"cannot open the database: {exc}",
                where=str(self.path),
                fix="If the file is damaged, restore it from a copy or remove the data "
                "directory to start an empty cloud.",
            ) from exc
        if mode != "wal":
            raise FourbeatError(
                f"SQLite refused WAL mode (got {mode!r})",
                where=str(self.path),
                fix="Put the data directory on a local file system.",
            )
        conn.row_factory = sqlite3.Row
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: committed when the block ends, rolled back if it raises."""
        conn = self.connection()
        if conn.in_transaction:  # nested: join the outer transaction
            yield conn
            return
        try:
            conn.execute("begin immediate")
        except sqlite3.OperationalError as exc:
            raise _translate(exc, self.path) from exc
        callbacks: list[Callable[[], None]] = []
        self._local.after_commit = callbacks
        try:
            try:
                yield conn
            except BaseException:
                conn.execute("rollback")
                raise
            try:
                conn.execute("commit")
            except sqlite3.OperationalError as exc:
                conn.execute("rollback")
                raise _translate(exc, self.path) from exc
        finally:
            self._local.after_commit = None
        with self.committed:
            self.committed.notify_all()
        self.checkpointer.note_commit()
        for callback in callbacks:
            callback()

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the thread's open transaction has committed (at once when
        none is open); a rollback drops it. For wake-ups that must not fire before the change
        is visible to other connections."""
        pending: list[Callable[[], None]] | None = getattr(self._local, "after_commit", None)
        if pending is None:
            callback()
        else:
            pending.append(callback)

    def read(self) -> sqlite3.Connection:
        """The thread's connection for reads outside a transaction (autocommit snapshots)."""
        return self.connection()

    def data_version(self) -> int:
        """Changes whenever another connection commits: cheap cross-process change detection."""
        return int(self.connection().execute("pragma data_version").fetchone()[0])

    def migrate(self, schema: Schema) -> None:
        with self.transaction() as db:
            row = db.execute(
                "select version from schema_versions where component = ?", (schema.component,)
            ).fetchone()
            current = row[0] if row else 0
            if current > schema.version:
                raise FourbeatError(
                    f"the {schema.component} tables are at version {current}, newer than this "
                    f"fourbeat knows ({schema.version})",
                    where=str(self.path),
                    fix="Upgrade fourbeat, or use another data directory.",
                )
            for sql in schema.migrations[current:]:
                for statement in _statements(sql):
                    db.execute(statement)
            db.execute(
                "insert into schema_versions (component, version) values (?, ?) "
                "on conflict (component) do update set version = excluded.version",
                (schema.component, schema.version),
            )

    def close(self) -> None:
        self.checkpointer.stop()
        with self._all_lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


class _Checkpointer:
    """Copies the WAL back into the database file off the callers' path.

    SQLite's automatic checkpoint runs inside whichever commit crosses its threshold, so one
    caller in a thousand waits milliseconds; a thread of its own does the same work in the
    background (SQLite releases the GIL while it writes). It starts with the first commit and
    stops with the database.
    """

    EVERY_COMMITS = 500
    IDLE_SECONDS = 1.0

    def __init__(self, db: Database) -> None:
        self._db = db
        self._commits = 0
        self.checkpoints = 0
        """How many checkpoints ran (for tests and diagnostics)."""
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def note_commit(self) -> None:
        self._commits += 1
        if self._thread is None:
            with self._lock:
                if self._thread is None and not self._stopping:
                    self._thread = threading.Thread(
                        target=self._run, name="fourbeat-checkpoint", daemon=True
                    )
                    self._thread.start()
        if self._commits >= self.EVERY_COMMITS:
            self._wake.set()

    def _run(self) -> None:
        conn = sqlite3.connect(self._db.path, isolation_level=None, check_same_thread=False)
        try:
            while not self._stopping:
                self._wake.wait(self.IDLE_SECONDS)
                self._wake.clear()
                if self._commits:
                    self._commits = 0
                    self._checkpoint(conn)
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute("pragma wal_checkpoint(passive)")
            self.checkpoints += 1
        except sqlite3.Error as exc:  # the WAL keeps every commit; the next try catches up
            _log.warning("checkpoint of %s failed: %s", self._db.path, exc)

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None


def _statements(sql: str) -> Iterator[str]:
    """The statements of a migration, whole (a trigger body holds ``;`` of its own)."""
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""
    if pending.strip(" \n;"):
        raise ValueError(f"incomplete SQL statement in a migration: {pending.strip()}")


def _translate(exc: sqlite3.Error, path: Path) -> FourbeatError:
    text = str(exc)
    if "full" in text:
        return FourbeatError(
            "the disk is full; the change was not made",
            where=str(path),
            fix="Free some space and try again.",
        )
    if "locked" in text or "busy" in text:
        return FourbeatError(
            f"the database stayed locked for {BUSY_TIMEOUT_MS // 1000} s",
            where=str(path),
            fix="Another process holds a long write transaction; stop it or try again.",
        )
    return FourbeatError(f"database error: {text}", where=str(path))
