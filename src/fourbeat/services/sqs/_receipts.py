"""DeleteMessage and ChangeMessageVisibility, single and batched: what a receipt handle may do.

A handle that does not parse, or belongs to another queue, is ReceiptHandleIsInvalid. On a
standard queue an older handle of a message still works (DeleteMessage: "If you use an old
ReceiptHandle, the request will succeed"); on a FIFO queue a handle expires with its visibility
timeout or when the message is received again
(https://repost.aws/knowledge-center/sqs-receipt-handle-error). Deleting a message that is
already gone succeeds. A visibility change counts from now and may not take the message past
12 hours from the receive it belongs to (API_ChangeMessageVisibility).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.sqs._batch import check_entries, failure
from fourbeat.services.sqs._common import SqsOperations
from fourbeat.services.sqs._errors import (
    invalid_value,
    missing_parameter,
    receipt_handle_expired,
    receipt_handle_invalid,
)
from fourbeat.services.sqs._handles import Receipt, parse_receipt_handle
from fourbeat.services.sqs._queue import Queue, get_queue

MAX_VISIBILITY = 43_200


class ReceiptOperations(SqsOperations):
    def DeleteMessage(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "DeleteMessage", params["QueueUrl"])
        with self.db.transaction() as db:
            _delete(db, get_queue(db, ref), params["ReceiptHandle"], self.clock.now())
        return {}

    def DeleteMessageBatch(self, request: Request, params: Params) -> Response:
        entries: list[dict[str, Any]] = params["Entries"]
        check_entries(entries, "DeleteMessageBatchRequestEntry")
        ref = self.authorize_queue(request, "DeleteMessage", params["QueueUrl"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            now = self.clock.now()
            return _each(entries, lambda entry: _delete(db, queue, entry["ReceiptHandle"], now))

    def ChangeMessageVisibility(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "ChangeMessageVisibility", params["QueueUrl"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            timeout = params["VisibilityTimeout"]
            now = self.clock.now()
            _change(db, queue, params["ReceiptHandle"], timeout, now)
            self.store.queue.notify(queue.arn, now + timeout, db=db)
        return {}

    def ChangeMessageVisibilityBatch(self, request: Request, params: Params) -> Response:
        entries: list[dict[str, Any]] = params["Entries"]
        check_entries(entries, "ChangeMessageVisibilityBatchRequestEntry")
        ref = self.authorize_queue(request, "ChangeMessageVisibility", params["QueueUrl"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            now = self.clock.now()

            def change(entry: dict[str, Any]) -> None:
                if entry.get("VisibilityTimeout") is None:
                    raise missing_parameter("VisibilityTimeout")
                _change(db, queue, entry["ReceiptHandle"], entry["VisibilityTimeout"], now)
                self.store.queue.notify(queue.arn, now + entry["VisibilityTimeout"], db=db)

            return _each(entries, change)


def _each(entries: list[dict[str, Any]], action: Any) -> Response:
    successful: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for entry in entries:
        try:
            action(entry)
        except AwsError as error:
            failed.append(failure(entry["Id"], error))
        else:
            successful.append({"Id": entry["Id"]})
    return {"Successful": successful, "Failed": failed}


def _find(db: sqlite3.Connection, queue: Queue, handle: str) -> tuple[Receipt, sqlite3.Row | None]:
    receipt = parse_receipt_handle(handle)
    if receipt is None or receipt.queue_arn != queue.arn:
        raise receipt_handle_invalid(handle)
    row = db.execute(
        "select * from sqs_messages where queue_id = ? and message_id = ?",
        (queue.id, receipt.message_id),
    ).fetchone()
    return receipt, row


def _current(row: sqlite3.Row, receipt: Receipt, now: float) -> bool:
    """Whether the handle is the message's latest receive and still within its timeout."""
    return bool(row["receipt"] == receipt.token and row["visible_at"] > now)


def _delete(db: sqlite3.Connection, queue: Queue, handle: str, now: float) -> None:
    receipt, row = _find(db, queue, handle)
    if row is None:
        return
    if queue.fifo and not _current(row, receipt, now):
        raise receipt_handle_expired(handle)
    db.execute("delete from sqs_messages where id = ?", (row["id"],))


def _change(db: sqlite3.Connection, queue: Queue, handle: str, timeout: int, now: float) -> None:
    if not 0 <= timeout <= MAX_VISIBILITY:
        raise invalid_value(
            "VisibilityTimeout", timeout, f"Must be between 0 and {MAX_VISIBILITY}, if provided."
        )
    receipt, row = _find(db, queue, handle)
    if row is None:
        raise invalid_value(
            "ReceiptHandle",
            handle,
            "Message does not exist or is not available for visibility timeout change.",
        )
    if queue.fifo and not _current(row, receipt, now):
        raise receipt_handle_expired(handle)
    if row["receipt"] is None or row["visible_at"] <= now:
        raise AwsError("MessageNotInflight", "The message referred to isn't in flight.")
    if now + timeout - row["received"] > MAX_VISIBILITY:
        raise invalid_value(
            "VisibilityTimeout",
            timeout,
            "Total VisibilityTimeout for the message is beyond the limit "
            f"[{MAX_VISIBILITY} seconds]",
        )
    db.execute("update sqs_messages set visible_at = ? where id = ?", (now + timeout, row["id"]))
