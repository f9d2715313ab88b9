"""Dead-letter queues: the RedrivePolicy and RedriveAllowPolicy checks, and moving a message.

After a message has been received ``maxReceiveCount`` times, the next receive moves it to the
dead-letter queue instead of returning it. It keeps its MessageId, body, attributes and receive
count, and gains the DeadLetterQueueSourceArn attribute. A standard DLQ keeps the original
enqueue time, so retention counts from the first send; a FIFO DLQ resets it
(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from fourbeat.services.sqs._errors import invalid_value
from fourbeat.services.sqs._messages import next_sequence
from fourbeat.services.sqs._queue import Queue, QueueRef, find_queue_by_arn, queues_in

MAX_SOURCE_ARNS = 10
_PERMISSIONS = ("allowAll", "denyAll", "byQueue")


def check_redrive_policy(db: sqlite3.Connection, source: QueueRef, fifo: bool, text: str) -> str:
    """The RedrivePolicy as AWS stores it (``maxReceiveCount`` a number), or ``""`` to remove."""
    if text == "":
        return ""
    policy = _parse_redrive_policy(text)
    count = _receive_count(policy["maxReceiveCount"])
    if count is None:
        raise invalid_value(
            "RedrivePolicy",
            text,
            f"Invalid value for maxReceiveCount: {policy['maxReceiveCount']}, "
            "valid values are from 1 to 1000 both inclusive.",
        )
    target = find_queue_by_arn(db, str(policy["deadLetterTargetArn"]))
    reason = _target_problem(target, source, fifo)
    if reason or target is None:
        raise invalid_value("RedrivePolicy", text, reason or "Dead letter target does not exist.")
    return json.dumps(
        {"deadLetterTargetArn": target.arn, "maxReceiveCount": count}, separators=(",", ":")
    )


def _parse_redrive_policy(text: str) -> dict[str, Any]:
    try:
        policy = json.loads(text)
    except ValueError:
        policy = None
    if not isinstance(policy, dict):
        raise invalid_value("RedrivePolicy", text, "Redrive policy is not a valid JSON map.")
    for key in ("deadLetterTargetArn", "maxReceiveCount"):
        if key not in policy:
            reason = f"Redrive policy does not contain mandatory attribute: {key}."
            raise invalid_value("RedrivePolicy", text, reason)
    return policy


def _target_problem(target: Queue | None, source: QueueRef, fifo: bool) -> str | None:
    if target is None:
        return "Dead letter target does not exist."
    if (target.ref.region, target.ref.account) != (source.region, source.account):
        return "Dead-letter target owner should be same as the source."
    if target.fifo != fifo:
        return "Dead-letter queue must be same type of queue as the source."
    if not _allows(target, source.arn):
        return f"Queue {target.arn} does not allow this queue to use it as a dead-letter queue."
    return None


def _receive_count(value: Any) -> int | None:
    try:
        count = int(value)
    except (TypeError, ValueError):
        return None
    return count if 1 <= count <= 1000 else None


def _allows(target: Queue, source_arn: str) -> bool:
    text = target.attributes.get("RedriveAllowPolicy")
    if not text:
        return True
    policy = json.loads(text)
    permission = policy["redrivePermission"]
    return permission == "allowAll" or (
        permission == "byQueue" and source_arn in policy.get("sourceQueueArns", [])
    )


def check_redrive_allow_policy(text: str) -> str:
    if text == "":
        return ""

    def refuse(reason: str) -> Exception:
        return invalid_value("RedriveAllowPolicy", text, reason)

    try:
        policy = json.loads(text)
    except ValueError:
        raise refuse("Redrive allow policy is not a valid JSON map.") from None
    if not isinstance(policy, dict) or policy.get("redrivePermission") not in _PERMISSIONS:
        raise refuse("redrivePermission must be one of allowAll, denyAll or byQueue.")
    sources = policy.get("sourceQueueArns")
    if policy["redrivePermission"] == "byQueue":
        if not isinstance(sources, list) or not 1 <= len(sources) <= MAX_SOURCE_ARNS:
            raise refuse(
                f"sourceQueueArns must list 1 to {MAX_SOURCE_ARNS} queue ARNs when "
                "redrivePermission is byQueue."
            )
    elif sources is not None:
        raise refuse("sourceQueueArns can be given only when redrivePermission is byQueue.")
    return json.dumps(policy, separators=(",", ":"))


def dead_letter_target(db: sqlite3.Connection, policy: dict[str, Any]) -> Queue | None:
    """The policy's DLQ; a deleted DLQ leaves messages where they are."""
    return find_queue_by_arn(db, policy["deadLetterTargetArn"])


def dead_letter_sources(db: sqlite3.Connection, dlq: Queue) -> list[Queue]:
    return [
        queue
        for queue in queues_in(db, dlq.ref.region, dlq.ref.account)
        if (queue.redrive_policy() or {}).get("deadLetterTargetArn") == dlq.arn
    ]


def move_to_dead_letter(
    db: sqlite3.Connection, source: Queue, row: sqlite3.Row, target: Queue, now: float
) -> None:
    enqueued = now if target.fifo else row["enqueued"]
    relocate(db, row, target, now, enqueued=enqueued, dlq_source=source.arn, keep_count=True)


def relocate(
    db: sqlite3.Connection,
    row: sqlite3.Row,
    target: Queue,
    now: float,
    *,
    enqueued: float,
    dlq_source: str | None,
    keep_count: bool,
) -> None:
    """Move a message to the end of ``target``, visible now, with no receive in progress."""
    sequence = next_sequence(db, target) if target.fifo else None
    db.execute(
        "insert into sqs_messages (queue_id, message_id, body, attributes, system_attributes, "
        "md5_body, md5_attributes, md5_system, sender_id, sent, enqueued, visible_at, "
        "receive_count, first_receive, group_id, dedup_id, sequence, dlq_source) "
        "select :target, message_id, body, attributes, system_attributes, md5_body, "
        "md5_attributes, md5_system, sender_id, sent, :enqueued, :now, "
        "case when :keep then receive_count else 0 end, "
        "case when :keep then first_receive end, group_id, dedup_id, :sequence, :source "
        "from sqs_messages where id = :id",
        {
            "target": target.id,
            "enqueued": enqueued,
            "now": now,
            "keep": keep_count,
            "sequence": sequence,
            "source": dlq_source,
            "id": row["id"],
        },
    )
    db.execute("delete from sqs_messages where id = ?", (row["id"],))
