"""What names a queue (its URL, ARN or bare name) and the queue as stored.

A queue is found by region, account and name. The region is the client's: with the JSON
protocol every request goes to the client's regional endpoint and the QueueUrl is only a
parameter, so its host is not consulted (a queue URL of another region finds nothing there,
which AWS answers with QueueDoesNotExist). SQS also accepts a bare queue name as QueueUrl.
Anything that names no queue, however malformed, is QueueDoesNotExist, as AWS answers it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fourbeat.iam import resource_arn
from fourbeat.services._base import Request
from fourbeat.services.sqs._errors import queue_does_not_exist

_ARN = re.compile(r"^arn:aws:sqs:([a-z0-9-]+):(\d{12}):([^:/]+)$")


@dataclass(frozen=True)
class QueueRef:
    region: str
    account: str
    name: str

    @property
    def arn(self) -> str:
        return resource_arn(
            "sqs", "queue", Region=self.region, Account=self.account, QueueName=self.name
        )

    @property
    def url(self) -> str:
        return f"https://sqs.{self.region}.amazonaws.com/{self.account}/{self.name}"


def ref_from_url(value: str, request: Request) -> QueueRef:
    """The queue a QueueUrl parameter names: a queue URL, or a bare queue name."""
    if "://" not in value:
        return QueueRef(request.region, request.account, value)
    path = urlsplit(value).path.strip("/").split("/")
    if len(path) == 2:
        return QueueRef(request.region, path[0], path[1])
    # Not /ACCOUNT/NAME: keep it whole, so it names no queue and reads so in errors.
    return QueueRef(request.region, request.account, value)


def ref_from_arn(arn: str) -> QueueRef | None:
    match = _ARN.match(arn)
    return None if match is None else QueueRef(*match.groups())


@dataclass(frozen=True)
class Queue:
    id: int
    ref: QueueRef
    fifo: bool
    attributes: dict[str, str]
    """The attributes set on the queue (defaults applied), as the strings AWS returns."""
    tags: dict[str, str]
    created: float
    modified: float
    purged: float | None

    @property
    def name(self) -> str:
        return self.ref.name

    @property
    def url(self) -> str:
        return self.ref.url

    @property
    def arn(self) -> str:
        return self.ref.arn

    def number(self, attribute: str) -> int:
        return int(self.attributes[attribute])

    def redrive_policy(self) -> dict[str, Any] | None:
        text = self.attributes.get("RedrivePolicy")
        return json.loads(text) if text else None


def _queue(row: sqlite3.Row) -> Queue:
    return Queue(
        id=row["id"],
        ref=QueueRef(row["region"], row["account"], row["name"]),
        fifo=bool(row["fifo"]),
        attributes=json.loads(row["attributes"]),
        tags=json.loads(row["tags"]),
        created=row["created"],
        modified=row["modified"],
        purged=row["purged"],
    )


def find_queue(db: sqlite3.Connection, ref: QueueRef) -> Queue | None:
    row = db.execute(
        "select * from sqs_queues where region = ? and account = ? and name = ?",
        (ref.region, ref.account, ref.name),
    ).fetchone()
    return None if row is None else _queue(row)


def get_queue(db: sqlite3.Connection, ref: QueueRef) -> Queue:
    queue = find_queue(db, ref)
    if queue is None:
        raise queue_does_not_exist()
    return queue


def find_queue_by_arn(db: sqlite3.Connection, arn: str) -> Queue | None:
    ref = ref_from_arn(arn)
    return None if ref is None else find_queue(db, ref)


def queues_in(db: sqlite3.Connection, region: str, account: str, prefix: str = "") -> list[Queue]:
    """The queues of an account in a region whose names start with ``prefix``, by name."""
    rows = db.execute(
        "select * from sqs_queues where region = ? and account = ? and substr(name, 1, ?) = ? "
        "order by name",
        (region, account, len(prefix), prefix),
    ).fetchall()
    return [_queue(row) for row in rows]


def save_attributes(
    db: sqlite3.Connection, queue: Queue, attributes: dict[str, str], now: float
) -> None:
    db.execute(
        "update sqs_queues set attributes = ?, modified = ? where id = ?",
        (json.dumps(attributes), now, queue.id),
    )
