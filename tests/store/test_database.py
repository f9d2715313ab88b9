"""The data directory: versioned schemas, clear errors, several processes on one database."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from fourbeat.errors import FourbeatError
from fourbeat.store import Schema, Store

NOTES_V1 = "create table notes (id integer primary key, text text not null)"
NOTES_V2 = "alter table notes add column author text"


def test_migrations_apply_in_order_and_only_once(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.migrate(Schema("notes", [NOTES_V1]))
    with store.db.transaction() as db:
        db.execute("insert into notes (text) values ('kept')")
    store.migrate(Schema("notes", [NOTES_V1, NOTES_V2]))
    store.migrate(Schema("notes", [NOTES_V1, NOTES_V2]))
    row = store.db.read().execute("select text, author from notes").fetchone()
    assert tuple(row) == ("kept", None)
    store.close()


def test_tables_written_by_a_newer_version_are_refused(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.migrate(Schema("notes", [NOTES_V1, NOTES_V2]))
    with pytest.raises(FourbeatError, match=r"notes tables are at version 2, newer than .* \(1\)"):
        store.migrate(Schema("notes", [NOTES_V1]))
    store.close()


def test_a_data_directory_from_a_newer_format_is_refused(tmp_path: Path) -> None:
    (tmp_path / "fourbeat.json").write_text(json.dumps({"format": 99}))
    with pytest.raises(FourbeatError, match="written by a newer fourbeat") as caught:
        Store(tmp_path)
    assert str(tmp_path) in str(caught.value)


def test_a_corrupted_database_names_the_file_and_what_to_do(tmp_path: Path) -> None:
    Store(tmp_path).close()
    (tmp_path / "cloud.db").write_bytes(b"this is not a database" * 100)
    for leftover in ("cloud.db-wal", "cloud.db-shm"):
        (tmp_path / leftover).unlink(missing_ok=True)
    with pytest.raises(FourbeatError) as caught:
        Store(tmp_path)
    assert "cloud.db" in caught.value.where
    assert "restore" in caught.value.fix


def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.migrate(Schema("notes", [NOTES_V1]))
    with pytest.raises(RuntimeError), store.db.transaction() as db:
        db.execute("insert into notes (text) values ('half')")
        raise RuntimeError("boom")
    assert store.db.read().execute("select count(*) from notes").fetchone()[0] == 0
    store.close()


def _insert_notes(root: str, start: int, count: int) -> None:
    store = Store(Path(root))
    store.migrate(Schema("notes", [NOTES_V1]))
    for i in range(start, start + count):
        with store.db.transaction() as db:
            db.execute("insert into notes (id, text) values (?, ?)", (i, f"note {i}"))
    store.close()


def test_several_processes_write_one_database(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    workers = [
        ctx.Process(target=_insert_notes, args=(str(tmp_path), n * 100, 50)) for n in range(3)
    ]
    for worker in workers:
        worker.start()
    _insert_notes(str(tmp_path), 1000, 50)
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    conn = sqlite3.connect(tmp_path / "cloud.db")
    assert conn.execute("select count(*) from notes").fetchone()[0] == 200
    conn.close()


def test_data_version_sees_another_processs_commit(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.migrate(Schema("notes", [NOTES_V1]))
    before = store.db.data_version()
    ctx = multiprocessing.get_context("spawn")
    worker = ctx.Process(target=_insert_notes, args=(str(tmp_path), 1, 1))
    worker.start()
    worker.join(60)
    assert store.db.data_version() != before
    store.close()


def test_checkpoints_run_off_the_committing_thread(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.migrate(Schema("notes", [NOTES_V1]))
    for i in range(store.db.checkpointer.EVERY_COMMITS):
        with store.db.transaction() as db:
            db.execute("insert into notes (text) values (?)", (f"n{i}",))
    waited = threading.Event()
    for _ in range(50):  # the checkpointer wakes at once on the threshold
        if store.db.checkpointer.checkpoints:
            break
        waited.wait(0.05)
    assert store.db.checkpointer.checkpoints >= 1
    store.close()


def test_after_commit_runs_once_the_change_is_visible_and_never_after_a_rollback(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path)
    store.migrate(Schema("notes", [NOTES_V1]))
    seen: list[int] = []

    def count_notes() -> None:
        other = sqlite3.connect(store.db.path)  # another connection sees only what committed
        seen.append(other.execute("select count(*) from notes").fetchone()[0])
        other.close()

    with store.db.transaction() as db:
        db.execute("insert into notes (text) values ('kept')")
        store.db.after_commit(count_notes)
        assert seen == []
    assert seen == [1]
    with pytest.raises(RuntimeError), store.db.transaction() as db:
        store.db.after_commit(count_notes)
        raise RuntimeError("boom")
    store.db.after_commit(count_notes)  # outside a transaction: at once
    assert seen == [1, 1]
    store.close()
