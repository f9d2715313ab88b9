"""ReceiveMessage: short and long polls, visibility, system and message attribute selection.

A long poll really waits and wakes as soon as a message can be received: in this process every
commit notifies ``db.committed``; another process's commits are seen by re-checking the queue
every ``POLL_SLICE`` seconds (a read, no write lock). Time passing also counts: a delay or a
visibility timeout that ends during the wait makes its message receivable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.sqs._attempts import recall_attempt, remember_attempt
from fourbeat.services.sqs._common import SqsOperations
from fourbeat.services.sqs._errors import invalid_value
from fourbeat.services.sqs._handles import new_token, receipt_handle
from fourbeat.services.sqs._md5 import md5_of_attributes
from fourbeat.services.sqs._messages import any_receivable, expire, load_attributes, receivable
from fourbeat.services.sqs._moves import advance_moves, moves_running
from fourbeat.services.sqs._queue import Queue, QueueRef, find_queue, get_queue
from fourbeat.services.sqs._redrive import dead_letter_target, move_to_dead_letter

POLL_SLICE = 0.05
_RECEIVE = (
    "update sqs_messages set receive_count = receive_count + 1, "
    "first_receive = coalesce(first_receive, :now), receipt = :token, received = :now, "
    "visible_at = :visible where id = :id returning *"
)
_REPLAY = "update sqs_messages set visible_at = :visible where id = :id returning *"
SYSTEM_ATTRIBUTES = (
    "SenderId",
    "SentTimestamp",
    "ApproximateReceiveCount",
    "ApproximateFirstReceiveTimestamp",
    "SequenceNumber",
    "MessageDeduplicationId",
    "MessageGroupId",
    "AWSTraceHeader",
    "DeadLetterQueueSourceArn",
)


@dataclass(frozen=True)
class _Options:
    max: int
    visibility: int | None
    wait: int | None
    system_names: frozenset[str]
    attribute_names: tuple[str, ...]
    attempt_id: str | None

    @classmethod
    def parse(cls, params: Params) -> _Options:
        maximum = params.get("MaxNumberOfMessages", 1)
        if not 1 <= maximum <= 10:
            raise invalid_value(
                "MaxNumberOfMessages", maximum, "Must be between 1 and 10, if provided."
            )
        visibility = params.get("VisibilityTimeout")
        if visibility is not None and not 0 <= visibility <= 43_200:
            raise invalid_value(
                "VisibilityTimeout", visibility, "Must be >= 0 and <= 43200, if provided."
            )
        wait = params.get("WaitTimeSeconds")
        if wait is not None and not 0 <= wait <= 20:
            raise invalid_value("WaitTimeSeconds", wait, "Must be >= 0 and <= 20, if provided.")
        names = [*params.get("AttributeNames", []), *params.get("MessageSystemAttributeNames", [])]
        return cls(
            max=maximum,
            visibility=visibility,
            wait=wait,
            system_names=_system_names(names),
            attribute_names=tuple(params.get("MessageAttributeNames", [])),
            attempt_id=params.get("ReceiveRequestAttemptId"),
        )


def _system_names(names: Iterable[str]) -> frozenset[str]:
    wanted: set[str] = set()
    for name in names:
        if name == "All":
            wanted.update(SYSTEM_ATTRIBUTES)
        elif name in SYSTEM_ATTRIBUTES:
            wanted.add(name)
        else:
            raise AwsError("InvalidAttributeName", f"Unknown Attribute {name}.")
    return frozenset(wanted)


class ReceiveOperations(SqsOperations):
    def ReceiveMessage(self, request: Request, params: Params) -> Response:
        options = _Options.parse(params)
        ref = self.authorize_queue(request, "ReceiveMessage", params["QueueUrl"])
        messages, default_wait = self._receive_now(ref, options)
        wait = options.wait if options.wait is not None else default_wait
        deadline = self.clock.now() + wait
        while not messages and self.clock.now() < deadline:
            self._wait_for_messages(ref, deadline)
            messages, _ = self._receive_now(ref, options)
        return {"Messages": messages} if messages else {}

    def _wait_for_messages(self, ref: QueueRef, deadline: float) -> None:
        """Return once a message may be receivable, or at the deadline.

        A running move task may bring messages as time passes, which only a receive (a write)
        can tell; that is looked at once a slice, not on every commit, so that pollers do not
        wake one another in a loop.
        """
        db = self.db
        started = self.clock.now()
        while (now := self.clock.now()) < deadline:
            with db.committed:
                self.clock.wait(db.committed, min(deadline - now, POLL_SLICE))
            reader = db.read()
            queue = find_queue(reader, ref)
            if queue is None or any_receivable(reader, queue, self.clock.now()):
                return
            if self.clock.now() - started >= POLL_SLICE and moves_running(reader):
                return

    def _receive_now(self, ref: QueueRef, options: _Options) -> tuple[list[dict[str, Any]], int]:
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            now = self.clock.now()
            expire(db, queue, now)
            advance_moves(db, now)
            replay = recall_attempt(db, queue, options.attempt_id, now) if queue.fifo else None
            rows = replay if replay is not None else self._take(db, queue, options.max, now)
            visibility = (
                options.visibility
                if options.visibility is not None
                else queue.number("VisibilityTimeout")
            )
            delivered = [
                self._deliver(db, queue, row, visibility, now, replay is not None) for row in rows
            ]
            if delivered:  # a watcher of the queue (an event source mapping) sees them again then
                self.store.queue.notify(queue.arn, now + visibility, db=db)
            if queue.fifo and options.attempt_id and delivered and replay is None:
                remember_attempt(db, queue, options.attempt_id, delivered, now)
            messages = [_message(queue, row, options) for row in delivered]
            return messages, queue.number("ReceiveMessageWaitTimeSeconds")

    def _take(
        self, db: sqlite3.Connection, queue: Queue, maximum: int, now: float
    ) -> list[sqlite3.Row]:
        """Up to ``maximum`` receivable messages; those past maxReceiveCount go to the DLQ."""
        policy = queue.redrive_policy()
        target = dead_letter_target(db, policy) if policy else None
        taken: list[sqlite3.Row] = []
        after = 0
        while len(taken) < maximum:
            # Ask for no more rows than still wanted; ask again past the last one seen only
            # when some went to the dead-letter queue instead.
            candidates = receivable(db, queue, now, maximum - len(taken), after=after)
            if not candidates:
                break
            for row in candidates:
                if target and policy and row["receive_count"] >= policy["maxReceiveCount"]:
                    # https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
                    move_to_dead_letter(db, queue, row, target, now)
                else:
                    taken.append(row)
            after = candidates[-1]["id"]
        return taken

    def _deliver(
        self,
        db: sqlite3.Connection,
        queue: Queue,
        row: sqlite3.Row,
        visibility: int,
        now: float,
        replay: bool,
    ) -> sqlite3.Row:
        """Mark one receive of ``row`` (a replayed attempt keeps its handle and count)."""
        values = {"now": now, "token": new_token(), "visible": now + visibility, "id": row["id"]}
        sql = _REPLAY if replay else _RECEIVE
        updated: sqlite3.Row = db.execute(sql, values).fetchone()
        return updated


def _message(queue: Queue, row: sqlite3.Row, options: _Options) -> dict[str, Any]:
    message: dict[str, Any] = {
        "MessageId": row["message_id"],
        "ReceiptHandle": receipt_handle(queue.arn, row["message_id"], row["receipt"]),
        "MD5OfBody": row["md5_body"],
        "Body": row["body"],
    }
    system = _system_attributes(queue, row, options.system_names)
    if system:
        message["Attributes"] = system
    attributes = _selected(load_attributes(row["attributes"]), options.attribute_names)
    if attributes:
        message["MD5OfMessageAttributes"] = md5_of_attributes(attributes)
        message["MessageAttributes"] = attributes
    return message


def _system_attributes(queue: Queue, row: sqlite3.Row, wanted: frozenset[str]) -> dict[str, str]:
    values = {
        "SenderId": row["sender_id"],
        "SentTimestamp": str(int(row["sent"] * 1000)),
        "ApproximateReceiveCount": str(row["receive_count"]),
        "ApproximateFirstReceiveTimestamp": str(int(row["first_receive"] * 1000)),
        "SequenceNumber": row["sequence"],
        "MessageDeduplicationId": row["dedup_id"],
        "MessageGroupId": row["group_id"],
        "DeadLetterQueueSourceArn": row["dlq_source"],
    }
    trace = load_attributes(row["system_attributes"]).get("AWSTraceHeader")
    if trace:
        values["AWSTraceHeader"] = trace["StringValue"]
    return {name: str(value) for name, value in values.items() if name in wanted and value}


def _selected(
    attributes: dict[str, dict[str, Any]], names: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """The message attributes asked for: ``All`` or ``.*``, ``prefix.*``, or exact names."""
    chosen: dict[str, dict[str, Any]] = {}
    for pattern in names:
        if pattern in ("All", ".*"):
            return attributes
        for name, value in attributes.items():
            if name == pattern or (pattern.endswith(".*") and name.startswith(pattern[:-1])):
                chosen[name] = value
    return chosen
