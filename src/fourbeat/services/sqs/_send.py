"""SendMessage and SendMessageBatch.

FIFO queues need a MessageGroupId and a deduplication id (given, or the SHA-256 of the body
when ContentBasedDeduplication is on); a message whose deduplication id was seen in the last
5 minutes is accepted but not delivered again, and the send answers with the first message's
id (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-exactly-once-processing.html).
Per-message delays belong to standard queues only; a MessageGroupId on a standard queue marks
its tenant for fair queues and comes back as the MessageGroupId attribute.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Mapping
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.sqs._batch import check_entries, failure
from fourbeat.services.sqs._common import SqsOperations
from fourbeat.services.sqs._content import check_body, message_attributes, size, system_attributes
from fourbeat.services.sqs._errors import (
    invalid_parameter,
    invalid_value,
    missing_parameter,
    not_for_this_queue_type,
)
from fourbeat.services.sqs._md5 import md5_of_attributes, md5_of_body
from fourbeat.services.sqs._messages import Enqueued, Outgoing, insert, next_sequence
from fourbeat.services.sqs._queue import Queue, get_queue

DEDUPLICATION_WINDOW = 300
MAX_DELAY = 900
MAX_BATCH_BYTES = 1_048_576
_TOKEN = re.compile(r"^[\x21-\x7e]{1,128}$")


class SendOperations(SqsOperations):
    def SendMessage(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "SendMessage", params["QueueUrl"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            outgoing = self._outgoing(queue, params, request)
            return _sent(outgoing, self._enqueue(db, queue, outgoing))

    def SendMessageBatch(self, request: Request, params: Params) -> Response:
        entries: list[dict[str, Any]] = params["Entries"]
        check_entries(entries, "SendMessageBatchRequestEntry")
        ref = self.authorize_queue(request, "SendMessage", params["QueueUrl"])
        total = sum(_raw_size(entry) for entry in entries)
        if total > MAX_BATCH_BYTES:
            raise AwsError(
                "BatchRequestTooLong",
                f"Batch requests cannot be longer than {MAX_BATCH_BYTES} bytes. "
                f"You have sent {total} bytes.",
            )
        successful: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            for entry in entries:
                try:
                    outgoing = self._outgoing(queue, entry, request)
                except AwsError as error:
                    failed.append(failure(entry["Id"], error))
                    continue
                sent = _sent(outgoing, self._enqueue(db, queue, outgoing))
                successful.append({"Id": entry["Id"], **sent})
        return {"Successful": successful, "Failed": failed}

    def _outgoing(self, queue: Queue, params: Mapping[str, Any], request: Request) -> Outgoing:
        body = params["MessageBody"]
        check_body(body)
        attributes = message_attributes(params.get("MessageAttributes"))
        system = system_attributes(params.get("MessageSystemAttributes"))
        limit = queue.number("MaximumMessageSize")
        if size(body, attributes) > limit:
            raise invalid_parameter(
                "One or more parameters are invalid. "
                f"Reason: Message must be shorter than {limit} bytes."
            )
        fields = _fifo_fields(queue, params) if queue.fifo else _standard_fields(queue, params)
        return Outgoing(
            body=body,
            attributes=attributes,
            system_attributes=system,
            md5_body=md5_of_body(body),
            md5_attributes=md5_of_attributes(attributes) if attributes else None,
            md5_system=md5_of_attributes(system) if system else None,
            sender_id=request.principal.user_id,
            **fields,
        )

    def _enqueue(self, db: sqlite3.Connection, queue: Queue, message: Outgoing) -> Enqueued:
        now = self.clock.now()
        # Wake whatever watches the queue (an event source mapping) for when it can see it.
        self.store.queue.notify(queue.arn, now + message.delay, db=db)
        if not queue.fifo:
            return insert(db, queue, message, now)
        key = str(message.dedup_id)
        if queue.attributes.get("DeduplicationScope") == "messageGroup":
            key = f"{message.group_id}\x00{key}"
        db.execute("delete from sqs_dedup where queue_id = ? and expires <= ?", (queue.id, now))
        seen = db.execute(
            "select message_id, sequence from sqs_dedup where queue_id = ? and key = ?",
            (queue.id, key),
        ).fetchone()
        if seen is not None:
            return Enqueued(seen["message_id"], seen["sequence"])
        enqueued = insert(db, queue, message, now, sequence=next_sequence(db, queue))
        db.execute(
            "insert into sqs_dedup (queue_id, key, message_id, sequence, expires) "
            "values (?, ?, ?, ?, ?)",
            (queue.id, key, enqueued.message_id, enqueued.sequence, now + DEDUPLICATION_WINDOW),
        )
        return enqueued


def _standard_fields(queue: Queue, params: Mapping[str, Any]) -> dict[str, Any]:
    if params.get("MessageDeduplicationId") is not None:
        raise not_for_this_queue_type("MessageDeduplicationId", params["MessageDeduplicationId"])
    delay = params.get("DelaySeconds")
    if delay is None:
        delay = queue.number("DelaySeconds")
    elif not 0 <= delay <= MAX_DELAY:
        raise invalid_value("DelaySeconds", delay, f"DelaySeconds must be >= 0 and <= {MAX_DELAY}.")
    group = params.get("MessageGroupId")
    if group is not None:
        _check_token("MessageGroupId", group)
    return {"delay": delay, "group_id": group}


def _fifo_fields(queue: Queue, params: Mapping[str, Any]) -> dict[str, Any]:
    group = params.get("MessageGroupId")
    if group is None:
        raise missing_parameter("MessageGroupId")
    _check_token("MessageGroupId", group)
    if params.get("DelaySeconds"):
        # FIFO queues delay per queue only (SendMessage, DelaySeconds).
        raise not_for_this_queue_type("DelaySeconds", params["DelaySeconds"])
    dedup = params.get("MessageDeduplicationId")
    if dedup is not None:
        _check_token("MessageDeduplicationId", dedup)
    elif queue.attributes.get("ContentBasedDeduplication") == "true":
        dedup = hashlib.sha256(params["MessageBody"].encode("utf-8")).hexdigest()
    else:
        raise invalid_parameter(
            "The queue should either have ContentBasedDeduplication enabled or "
            "MessageDeduplicationId provided explicitly"
        )
    return {"delay": queue.number("DelaySeconds"), "group_id": group, "dedup_id": dedup}


def _check_token(parameter: str, value: str) -> None:
    if not _TOKEN.match(value):
        raise invalid_value(
            parameter,
            value,
            f"{parameter} can only include alphanumeric and punctuation characters. "
            "1 to 128 in length.",
        )


def _sent(message: Outgoing, enqueued: Enqueued) -> dict[str, Any]:
    out: dict[str, Any] = {"MessageId": enqueued.message_id, "MD5OfMessageBody": message.md5_body}
    if message.md5_attributes:
        out["MD5OfMessageAttributes"] = message.md5_attributes
    if message.md5_system:
        out["MD5OfMessageSystemAttributes"] = message.md5_system
    if enqueued.sequence is not None:
        out["SequenceNumber"] = enqueued.sequence
    return out


def _raw_size(entry: Mapping[str, Any]) -> int:
    """An entry's bytes before any check, for the batch's total (BatchRequestTooLong)."""
    total = len(str(entry.get("MessageBody", "")).encode("utf-8"))
    for name, value in (entry.get("MessageAttributes") or {}).items():
        total += len(name.encode("utf-8")) + len(str(value.get("DataType", "")).encode("utf-8"))
        data = value.get("BinaryValue") or value.get("StringValue") or b""
        total += len(data.encode("utf-8") if isinstance(data, str) else bytes(data))
    return total
