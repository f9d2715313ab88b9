"""Messages as stored: enqueue, the states a queue counts, lazy expiry, and which are receivable.

Nothing here runs in the background: a message's visibility, delay and retention are times
compared with the clock by whichever operation looks at the queue next. FIFO receivability
follows AWS's group rule: a message is receivable only while no earlier message of its group
is still waiting (delayed or in flight) and no message of its group is in flight
(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-understanding-logic.html).
"""

from __future__ import annotations

import base64
import json
import sqlite3
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fourbeat.services.sqs._queue import Queue

Attributes = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Outgoing:
    """A message checked and ready to enqueue."""

    body: str
    attributes: Attributes
    system_attributes: Attributes
    md5_body: str
    md5_attributes: str | None
    md5_system: str | None
    sender_id: str
    delay: int
    group_id: str | None = None
    dedup_id: str | None = None


@dataclass(frozen=True)
class Enqueued:
    message_id: str
    sequence: str | None


def store_attributes(attributes: Attributes) -> str | None:
    if not attributes:
        return None
    return json.dumps(
        {
            name: {
                k: base64.b64encode(v).decode() if k == "BinaryValue" else v
                for k, v in value.items()
            }
            for name, value in attributes.items()
        }
    )


def load_attributes(text: str | None) -> Attributes:
    if not text:
        return {}
    stored: dict[str, dict[str, Any]] = json.loads(text)
    return {
        name: {k: base64.b64decode(v) if k == "BinaryValue" else v for k, v in value.items()}
        for name, value in stored.items()
    }


def next_sequence(db: sqlite3.Connection, queue: Queue) -> str:
    """A FIFO sequence number: large, increasing, not consecutive, as AWS's are."""
    row = db.execute(
        "update sqs_queues set sequence = sequence + 1 where id = ? returning sequence",
        (queue.id,),
    ).fetchone()
    return str(18_000_000_000_000_000_000 + int(row[0]) * 65_536)


def insert(
    db: sqlite3.Connection,
    queue: Queue,
    message: Outgoing,
    now: float,
    *,
    sequence: str | None = None,
) -> Enqueued:
    message_id = str(uuid.uuid4())
    db.execute(
        "insert into sqs_messages (queue_id, message_id, body, attributes, system_attributes, "
        "md5_body, md5_attributes, md5_system, sender_id, sent, enqueued, visible_at, group_id, "
        "dedup_id, sequence) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            queue.id,
            message_id,
            message.body,
            store_attributes(message.attributes),
            store_attributes(message.system_attributes),
            message.md5_body,
            message.md5_attributes,
            message.md5_system,
            message.sender_id,
            now,
            now,
            now + message.delay,
            message.group_id,
            message.dedup_id,
            sequence,
        ),
    )
    return Enqueued(message_id, sequence)


def expire(db: sqlite3.Connection, queue: Queue, now: float) -> None:
    """Drop messages older than the queue's retention period, counted from enqueue time."""
    db.execute(
        "delete from sqs_messages where queue_id = ? and enqueued <= ?",
        (queue.id, now - queue.number("MessageRetentionPeriod")),
    )


def counts(db: sqlite3.Connection, queue: Queue, now: float) -> dict[str, int]:
    row = db.execute(
        "select "
        "coalesce(sum(visible_at <= :now), 0), "
        "coalesce(sum(visible_at > :now and receipt is not null), 0), "
        "coalesce(sum(visible_at > :now and receipt is null), 0) "
        "from sqs_messages where queue_id = :queue and enqueued > :oldest",
        {"now": now, "queue": queue.id, "oldest": now - queue.number("MessageRetentionPeriod")},
    ).fetchone()
    return {
        "ApproximateNumberOfMessages": row[0],
        "ApproximateNumberOfMessagesNotVisible": row[1],
        "ApproximateNumberOfMessagesDelayed": row[2],
    }


_STANDARD = (
    "select * from sqs_messages m indexed by sqs_messages_order"
    " where m.queue_id = :queue and m.visible_at <= :now"
)
_FIFO = (
    _STANDARD + " and not exists (select 1 from sqs_messages o where o.queue_id = m.queue_id"
    " and o.group_id = m.group_id and o.visible_at > :now"
    " and (o.id < m.id or o.receipt is not null))"
)


def receivable(
    db: sqlite3.Connection, queue: Queue, now: float, limit: int, *, after: int = 0
) -> list[sqlite3.Row]:
    """Up to ``limit`` messages a receive may take now, oldest first, past row ``after``."""
    sql = (_FIFO if queue.fifo else _STANDARD) + (
        " and m.id > :after and m.enqueued > :oldest order by m.id limit :n"
    )
    params: Mapping[str, Any] = {
        "after": after,
        "queue": queue.id,
        "now": now,
        "oldest": now - queue.number("MessageRetentionPeriod"),
        "n": limit,
    }
    return db.execute(sql, params).fetchall()


def any_receivable(db: sqlite3.Connection, queue: Queue, now: float) -> bool:
    """Cheap read-only check used between long-poll waits (no write lock taken)."""
    return bool(receivable(db, queue, now, 1))
