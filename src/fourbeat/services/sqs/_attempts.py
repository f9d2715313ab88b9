"""ReceiveRequestAttemptId on FIFO queues: a retried receive gets the same messages back.

Within 5 minutes, a ReceiveMessage with the same attempt id returns the same messages and
receipt handles, and restarts their visibility timeout, as long as none of them was deleted or
received again since (API_ReceiveMessage, ReceiveRequestAttemptId). Otherwise the retry is an
ordinary receive.
"""

from __future__ import annotations

import json
import re
import sqlite3

from fourbeat.services.sqs._errors import invalid_value
from fourbeat.services.sqs._queue import Queue

ATTEMPT_WINDOW = 300
_ATTEMPT_ID = re.compile(r"^[\x21-\x7e]{1,128}$")


def recall_attempt(
    db: sqlite3.Connection, queue: Queue, attempt_id: str | None, now: float
) -> list[sqlite3.Row] | None:
    """The messages an earlier receive with this attempt id returned, if it can be replayed."""
    if attempt_id is None:
        return None
    if not _ATTEMPT_ID.match(attempt_id):
        raise invalid_value(
            "ReceiveRequestAttemptId",
            attempt_id,
            "ReceiveRequestAttemptId can only include alphanumeric and punctuation characters. "
            "1 to 128 in length.",
        )
    db.execute("delete from sqs_receive_attempts where created <= ?", (now - ATTEMPT_WINDOW,))
    found = db.execute(
        "select receipts from sqs_receive_attempts where queue_id = ? and attempt_id = ?",
        (queue.id, attempt_id),
    ).fetchone()
    if found is None:
        return None
    rows: list[sqlite3.Row] = []
    for message_id, token in json.loads(found["receipts"]):
        row = db.execute(
            "select * from sqs_messages where queue_id = ? and message_id = ?",
            (queue.id, message_id),
        ).fetchone()
        if row is None or row["receipt"] != token:
            return None
        rows.append(row)
    return rows


def remember_attempt(
    db: sqlite3.Connection, queue: Queue, attempt_id: str, rows: list[sqlite3.Row], now: float
) -> None:
    receipts = [[row["message_id"], row["receipt"]] for row in rows]
    db.execute(
        "insert or replace into sqs_receive_attempts (queue_id, attempt_id, created, receipts) "
        "values (?, ?, ?, ?)",
        (queue.id, attempt_id, now, json.dumps(receipts)),
    )
