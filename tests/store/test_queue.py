"""The work queue: due items, leases, completion with effects, retries."""

from __future__ import annotations

import threading
from pathlib import Path

from fourbeat.store import Schema, Store


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path)
    store.migrate(Schema("effects", ["create table effects (note text)"]))
    return store


def test_items_are_claimed_only_when_due_in_due_order(tmp_path: Path) -> None:
    queue = _store(tmp_path).queue
    queue.put("timer", {"n": 2}, due=20)
    queue.put("timer", {"n": 1}, due=10)
    assert queue.claim_due(now=5, lease=30) == []
    claims = queue.claim_due(now=25, lease=30, limit=10)
    assert [c.payload["n"] for c in claims] == [1, 2]
    assert [c.attempts for c in claims] == [1, 1]


def test_a_leased_item_is_not_claimed_twice_until_its_lease_runs_out(tmp_path: Path) -> None:
    queue = _store(tmp_path).queue
    queue.put("delivery", {}, due=0)
    (first,) = queue.claim_due(now=1, lease=30)
    assert queue.claim_due(now=10, lease=30) == []
    (again,) = queue.claim_due(now=31, lease=30)  # the first worker died
    assert again.id == first.id and again.attempts == 2
    assert not queue.finish(first), "a lost lease cannot finish the item"
    assert queue.finish(again)
    assert queue.pending() == 0


def test_finish_commits_with_the_works_effects_and_next_items(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.queue.put("step", {"n": 1}, due=0)
    (claim,) = store.queue.claim_due(now=0, lease=30)
    with store.db.transaction() as db:
        db.execute("insert into effects values ('done 1')")
        store.queue.finish(claim, db=db)
        store.queue.put("step", {"n": 2}, due=5, db=db)
    assert store.db.read().execute("select note from effects").fetchall()[0][0] == "done 1"
    (following,) = store.queue.claim_due(now=5, lease=30)
    assert following.payload == {"n": 2}


def test_a_failed_step_rolls_back_its_effects_and_keeps_the_item(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.queue.put("step", {}, due=0)
    (claim,) = store.queue.claim_due(now=0, lease=30)
    try:
        with store.db.transaction() as db:
            db.execute("insert into effects values ('half')")
            store.queue.finish(claim, db=db)
            raise RuntimeError("the step failed")
    except RuntimeError:
        pass
    assert store.db.read().execute("select count(*) from effects").fetchone()[0] == 0
    assert store.queue.pending() == 1


def test_release_makes_an_item_due_again_later(tmp_path: Path) -> None:
    queue = _store(tmp_path).queue
    queue.put("invoke", {}, due=0)
    (claim,) = queue.claim_due(now=0, lease=30)
    assert queue.release(claim, due=60)
    assert queue.claim_due(now=59, lease=30) == []
    assert queue.next_due() == 60
    assert [c.attempts for c in queue.claim_due(now=60, lease=30)] == [2]


def test_kinds_filter_what_a_worker_claims(tmp_path: Path) -> None:
    queue = _store(tmp_path).queue
    queue.put("a", {}, due=0)
    queue.put("b", {}, due=0)
    assert [c.kind for c in queue.claim_due(now=0, lease=30, kinds=["b"], limit=5)] == ["b"]
    assert queue.pending("a") == 1


def test_extend_holds_a_claim_and_fails_once_the_lease_is_lost(tmp_path: Path) -> None:
    queue = Store(tmp_path).queue
    queue.put("k", {}, 0.0)
    (claim,) = queue.claim_due(10.0, lease=5.0)
    assert queue.extend(claim, 100.0)
    assert queue.claim_due(50.0, lease=5.0) == []  # still held
    (other,) = queue.claim_due(150.0, lease=5.0)  # the extended lease ran out
    assert not queue.extend(claim, 300.0)
    assert queue.finish(other)


def test_a_put_signals_waiters_only_once_it_has_committed(tmp_path: Path) -> None:
    store = _store(tmp_path)
    queue = store.queue
    before = queue.generation
    with store.db.transaction() as db:
        queue.put("timer", {}, due=0, db=db)
        assert queue.generation == before
    assert queue.generation == before + 1
    (claim,) = queue.claim_due(now=1, lease=30)
    queue.release(claim)
    assert queue.generation == before + 2


def test_claiming_with_nothing_due_leaves_the_write_lock_free(tmp_path: Path) -> None:
    store = _store(tmp_path)
    store.queue.put("timer", {}, due=100)
    with store.db.transaction():  # this thread holds the write lock…
        other = threading.Thread(target=lambda: claims.extend(store.queue.claim_due(5, 30)))
        claims: list[object] = []
        other.start()
        other.join(5)  # …and a look that finds nothing due does not wait for it
        assert not other.is_alive()
    assert claims == []


def test_a_watch_keeps_one_pending_item_and_moves_it_earlier(tmp_path: Path) -> None:
    queue = _store(tmp_path).queue
    queue.watch("arn:queue", "poll", {"id": 1})
    queue.notify("arn:queue", due=50)
    queue.notify("arn:queue", due=20)  # earlier: the pending item moves
    queue.notify("arn:other", due=0)  # another topic: nothing
    assert queue.pending("poll") == 1
    assert queue.claim_due(now=19, lease=30) == []
    (claim,) = queue.claim_due(now=20, lease=30)
    assert claim.payload == {"id": 1}


def test_a_later_wake_up_is_remembered_until_the_item_starts(tmp_path: Path) -> None:
    queue = _store(tmp_path).queue
    queue.watch("arn:queue", "poll", {"id": 1})
    queue.notify("arn:queue", due=10)
    queue.notify("arn:queue", due=40)  # later than the pending one: kept for after it
    (claim,) = queue.claim_due(now=10, lease=30)
    queue.rearm("arn:queue", "poll", {"id": 1})
    queue.finish(claim)
    assert queue.claim_due(now=39, lease=30) == []
    (again,) = queue.claim_due(now=40, lease=30)
    queue.rearm("arn:queue", "poll", {"id": 1})
    queue.finish(again)
    assert queue.pending("poll") == 0  # nothing more was asked for
    queue.notify("arn:queue", due=60)
    assert queue.pending("poll") == 1  # rearmed: the next notification schedules it


def test_an_unwatched_topic_schedules_nothing(tmp_path: Path) -> None:
    queue = _store(tmp_path).queue
    queue.watch("arn:queue", "poll", {"id": 1})
    queue.unwatch("arn:queue", "poll", {"id": 1})
    queue.notify("arn:queue", due=0)
    assert queue.pending() == 0
