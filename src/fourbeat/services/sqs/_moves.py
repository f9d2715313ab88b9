"""Dead-letter queue redrive: StartMessageMoveTask, ListMessageMoveTasks, CancelMessageMoveTask,
and ListDeadLetterSourceQueues.

A move task is a row, advanced lazily from the clock whenever SQS looks at queues (no thread):
without MaxNumberOfMessagesPerSecond it moves every message at once, with it no more than the
rate allows for the time since the task started. Messages go back to the queue they were
dead-lettered from, or to DestinationArn; they keep their MessageId, body and attributes and
start over with no receives. Starting a task needs, as on AWS, ReceiveMessage, DeleteMessage and
GetQueueAttributes on the DLQ and SendMessage on the destination
(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html).
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
import uuid
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.sqs._common import SqsOperations
from fourbeat.services.sqs._errors import invalid_parameter, invalid_value
from fourbeat.services.sqs._pages import page
from fourbeat.services.sqs._queue import Queue, QueueRef, find_queue_by_arn, get_queue, ref_from_arn
from fourbeat.services.sqs._redrive import dead_letter_sources, relocate

MAX_RATE = 500
MAX_LISTED_TASKS = 10


class RedriveOperations(SqsOperations):
    def ListDeadLetterSourceQueues(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "ListDeadLetterSourceQueues", params["QueueUrl"])
        with self.db.transaction() as db:
            sources = dead_letter_sources(db, get_queue(db, ref))
        urls, token = page(
            [q.url for q in sources], params.get("MaxResults"), params.get("NextToken")
        )
        return {"queueUrls": urls, **({"NextToken": token} if token else {})}

    def StartMessageMoveTask(self, request: Request, params: Params) -> Response:
        source_ref = _arn_ref("SourceArn", params["SourceArn"])
        destination_arn = params.get("DestinationArn")
        destination_ref = _arn_ref("DestinationArn", destination_arn) if destination_arn else None
        rate = params.get("MaxNumberOfMessagesPerSecond")
        if rate is not None and not 1 <= rate <= MAX_RATE:
            raise invalid_value(
                "MaxNumberOfMessagesPerSecond", rate, f"Must be between 1 and {MAX_RATE}."
            )
        for action in (
            "StartMessageMoveTask",
            "ReceiveMessage",
            "DeleteMessage",
            "GetQueueAttributes",
        ):
            self.authorize(request, f"sqs:{action}", source_ref.arn)
        now = self.clock.now()
        with self.db.transaction() as db:
            source = _existing(db, "SourceArn", source_ref)
            if destination_ref is not None:
                _existing(db, "DestinationArn", destination_ref)
            targets = [destination_ref.arn] if destination_ref else _origins(db, source)
            self.authorize(request, "sqs:SendMessage", targets or [source_ref.arn])
            _check_startable(db, source)
            handle = _handle(source.arn)
            db.execute(
                "insert into sqs_move_tasks (handle, region, account, source_arn, destination_arn, "
                "rate, status, to_move, started) values (?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?)",
                (
                    handle,
                    source.ref.region,
                    source.ref.account,
                    source.arn,
                    destination_arn,
                    rate,
                    _movable(db, source),
                    now,
                ),
            )
            advance_moves(db, now)
        return {"TaskHandle": handle}

    def ListMessageMoveTasks(self, request: Request, params: Params) -> Response:
        source_ref = _arn_ref("SourceArn", params["SourceArn"])
        maximum = params.get("MaxResults", 1)
        if not 1 <= maximum <= MAX_LISTED_TASKS:
            raise invalid_value("MaxResults", maximum, f"Must be between 1 and {MAX_LISTED_TASKS}.")
        self.authorize(request, "sqs:ListMessageMoveTasks", source_ref.arn)
        with self.db.transaction() as db:
            _existing(db, "SourceArn", source_ref)
            advance_moves(db, self.clock.now())
            rows = db.execute(
                "select * from sqs_move_tasks where source_arn = ? order by started desc, id desc "
                "limit ?",
                (source_ref.arn, maximum),
            ).fetchall()
        return {"Results": [_task_entry(row) for row in rows]}

    def CancelMessageMoveTask(self, request: Request, params: Params) -> Response:
        handle = params["TaskHandle"]
        source_arn = _source_of(handle)
        self.authorize(request, "sqs:CancelMessageMoveTask", source_arn)
        with self.db.transaction() as db:
            advance_moves(db, self.clock.now())
            task = db.execute("select * from sqs_move_tasks where handle = ?", (handle,)).fetchone()
            if task is None:
                raise _task_not_found()
            if task["status"] != "RUNNING":
                raise invalid_parameter(
                    f"The message move task is {task['status']}; only a RUNNING task can be "
                    "cancelled."
                )
            db.execute("update sqs_move_tasks set status = 'CANCELLED' where id = ?", (task["id"],))
        return {"ApproximateNumberOfMessagesMoved": task["moved"]}


def moves_running(db: sqlite3.Connection) -> bool:
    """Whether some task may move messages as time passes (a long poll must then look)."""
    return (
        db.execute("select 1 from sqs_move_tasks where status = 'RUNNING'").fetchone() is not None
    )


def advance_moves(db: sqlite3.Connection, now: float) -> None:
    """Move what each running task may have moved by ``now``."""
    for task in db.execute("select * from sqs_move_tasks where status = 'RUNNING'").fetchall():
        _advance(db, task, now)


def _advance(db: sqlite3.Connection, task: sqlite3.Row, now: float) -> None:
    source = find_queue_by_arn(db, task["source_arn"])
    if source is None:
        return _finish(db, task, "FAILED", "AWS.SimpleQueueService.NonExistentQueue")
    allowed = task["to_move"] - task["moved"]
    if task["rate"] is not None:
        allowed = min(allowed, int((now - task["started"]) * task["rate"]) - task["moved"])
    rows = db.execute(
        "select * from sqs_messages where queue_id = ? and visible_at <= ? order by id limit ?",
        (source.id, now, max(allowed, 0)),
    ).fetchall()
    moved = 0
    for row in rows:
        target = find_queue_by_arn(db, task["destination_arn"] or row["dlq_source"] or "")
        if target is None:
            _count(db, task, moved)
            reason = (
                "CouldNotDetermineMessageSource"
                if not row["dlq_source"]
                else ("AWS.SimpleQueueService.NonExistentQueue")
            )
            return _finish(db, task, "FAILED", reason)
        relocate(db, row, target, now, enqueued=now, dlq_source=None, keep_count=False)
        moved += 1
    _count(db, task, moved)
    left = db.execute(
        "select count(*) from sqs_messages where queue_id = ?", (source.id,)
    ).fetchone()
    if task["moved"] + moved >= task["to_move"] or left[0] == 0:
        _finish(db, task, "COMPLETED", None)


def _count(db: sqlite3.Connection, task: sqlite3.Row, moved: int) -> None:
    db.execute("update sqs_move_tasks set moved = moved + ? where id = ?", (moved, task["id"]))


def _finish(db: sqlite3.Connection, task: sqlite3.Row, status: str, reason: str | None) -> None:
    db.execute(
        "update sqs_move_tasks set status = ?, failure = ? where id = ?",
        (status, reason, task["id"]),
    )


def _arn_ref(parameter: str, arn: str) -> QueueRef:
    ref = ref_from_arn(arn)
    if ref is None:
        raise invalid_parameter(
            f"You must use this format to specify the {parameter}: "
            "arn:<partition>:<service>:<region>:<account-id>:<resource-id>"
        )
    return ref


def _existing(db: sqlite3.Connection, parameter: str, ref: QueueRef) -> Queue:
    queue = find_queue_by_arn(db, ref.arn)
    if queue is None:
        raise AwsError(
            "ResourceNotFoundException",
            f"The resource that you specified for the {parameter} parameter doesn't exist.",
        )
    return queue


def _origins(db: sqlite3.Connection, source: Queue) -> list[str]:
    rows = db.execute(
        "select distinct dlq_source from sqs_messages "
        "where queue_id = ? and dlq_source is not null",
        (source.id,),
    ).fetchall()
    return [row[0] for row in rows]


def _check_startable(db: sqlite3.Connection, source: Queue) -> None:
    if not dead_letter_sources(db, source):
        raise invalid_parameter("Source queue must be configured as a Dead Letter Queue.")
    running = db.execute(
        "select 1 from sqs_move_tasks where source_arn = ? and status = 'RUNNING'", (source.arn,)
    ).fetchone()
    if running is not None:
        raise invalid_parameter(
            "There is already a task running. Only one active task is allowed for a source "
            "queue arn at a given time."
        )


def _movable(db: sqlite3.Connection, source: Queue) -> int:
    row = db.execute(
        "select count(*) from sqs_messages where queue_id = ?", (source.id,)
    ).fetchone()
    return int(row[0])


def _handle(source_arn: str) -> str:
    task = {"taskId": str(uuid.uuid4()), "sourceArn": source_arn}
    return base64.b64encode(json.dumps(task).encode()).decode()


def _source_of(handle: str) -> str:
    try:
        return str(json.loads(base64.b64decode(handle.encode(), validate=True))["sourceArn"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise _task_not_found() from None


def _task_not_found() -> AwsError:
    return AwsError(
        "ResourceNotFoundException", "The task handle that you specified doesn't exist."
    )


def _task_entry(row: sqlite3.Row) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "Status": row["status"],
        "SourceArn": row["source_arn"],
        "ApproximateNumberOfMessagesMoved": row["moved"],
        "ApproximateNumberOfMessagesToMove": row["to_move"],
        "StartedTimestamp": int(row["started"] * 1000),
    }
    if row["status"] == "RUNNING":
        entry["TaskHandle"] = row["handle"]
    if row["destination_arn"]:
        entry["DestinationArn"] = row["destination_arn"]
    if row["rate"] is not None:
        entry["MaxNumberOfMessagesPerSecond"] = row["rate"]
    if row["failure"]:
        entry["FailureReason"] = row["failure"]
    return entry
