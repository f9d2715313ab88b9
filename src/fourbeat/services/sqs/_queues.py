"""Queue lifecycle and attributes: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue,
GetQueueAttributes, SetQueueAttributes and PurgeQueue.

CreateQueue is idempotent: the same name with the same attributes returns the existing queue,
a different value is QueueNameExists. A queue name may be reused 60 seconds after its deletion,
and a queue may be purged once every 60 seconds (API_CreateQueue, API_PurgeQueue).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.sqs import _attributes
from fourbeat.services.sqs._common import SqsOperations
from fourbeat.services.sqs._errors import invalid_parameter
from fourbeat.services.sqs._messages import counts, expire
from fourbeat.services.sqs._moves import advance_moves
from fourbeat.services.sqs._pages import page
from fourbeat.services.sqs._queue import (
    Queue,
    QueueRef,
    find_queue,
    get_queue,
    queues_in,
    save_attributes,
)
from fourbeat.services.sqs._redrive import check_redrive_allow_policy, check_redrive_policy
from fourbeat.services.sqs._tags import check_tags, tag_context

NAME_REUSE_DELAY = 60
PURGE_INTERVAL = 60
_NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
_FIFO_NAME = re.compile(r"^[A-Za-z0-9_-]{1,75}\.fifo$")


class QueueOperations(SqsOperations):
    def CreateQueue(self, request: Request, params: Params) -> Response:
        name: str = params["QueueName"]
        given = dict(params.get("Attributes") or {})
        tags: dict[str, str] = params.get("tags") or {}
        fifo = _queue_type(name, given)
        ref = QueueRef(request.region, request.account, name)
        self.authorize(request, "sqs:CreateQueue", ref.arn, tag_context(tags))
        if tags:  # tagging on creation needs both actions (CreateQueue, tags)
            self.authorize(request, "sqs:TagQueue", ref.arn, tag_context(tags))
        check_tags(name, tags)
        now = self.clock.now()
        with self.db.transaction() as db:
            wanted = _checked(db, ref, fifo, given)
            existing = find_queue(db, ref)
            if existing is not None:
                _check_same(existing, wanted)
                return {"QueueUrl": existing.url}
            _check_not_recently_deleted(db, ref, now)
            attributes = _attributes.merge(_attributes.initial(fifo), wanted)
            db.execute(
                "insert into sqs_queues (region, account, name, fifo, attributes, tags, created, "
                "modified) values (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ref.region,
                    ref.account,
                    name,
                    fifo,
                    json.dumps(attributes),
                    json.dumps(tags),
                    now,
                    now,
                ),
            )
        return {"QueueUrl": ref.url}

    def GetQueueUrl(self, request: Request, params: Params) -> Response:
        account = params.get("QueueOwnerAWSAccountId") or request.account
        ref = QueueRef(request.region, account, params["QueueName"])
        self.authorize(request, "sqs:GetQueueUrl", ref.arn)
        return {"QueueUrl": get_queue(self.db.read(), ref).url}

    def ListQueues(self, request: Request, params: Params) -> Response:
        self.authorize(request, "sqs:ListQueues", "*")
        queues = queues_in(
            self.db.read(), request.region, request.account, params.get("QueueNamePrefix", "")
        )
        urls, token = page(
            [q.url for q in queues], params.get("MaxResults"), params.get("NextToken")
        )
        response: Response = {"QueueUrls": urls} if urls else {}
        if token:
            response["NextToken"] = token
        return response

    def DeleteQueue(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "DeleteQueue", params["QueueUrl"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            db.execute("delete from sqs_queues where id = ?", (queue.id,))
            db.execute(
                "insert or replace into sqs_deleted_queues (region, account, name, deleted) "
                "values (?, ?, ?, ?)",
                (ref.region, ref.account, ref.name, self.clock.now()),
            )
        return {}

    def GetQueueAttributes(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "GetQueueAttributes", params["QueueUrl"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            names = _attributes.requested(params.get("AttributeNames", []), queue.fifo)
            now = self.clock.now()
            expire(db, queue, now)
            advance_moves(db, now)
            values = _attributes.render(queue, counts(db, queue, now), names)
        return {"Attributes": values} if values else {}

    def SetQueueAttributes(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "SetQueueAttributes", params["QueueUrl"])
        given = dict(params["Attributes"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            if "FifoQueue" in given:
                raise _attributes.invalid_attribute(
                    "FifoQueue", "Modifying queue type is not supported."
                )
            wanted = _checked(db, ref, queue.fifo, given)
            merged = _attributes.merge(queue.attributes, wanted)
            save_attributes(db, queue, merged, self.clock.now())
        return {}

    def PurgeQueue(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "PurgeQueue", params["QueueUrl"])
        now = self.clock.now()
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            if queue.purged is not None and now - queue.purged < PURGE_INTERVAL:
                raise AwsError(
                    "PurgeQueueInProgress",
                    f"Only one PurgeQueue operation on {queue.name} is allowed every "
                    f"{PURGE_INTERVAL} seconds.",
                )
            db.execute("delete from sqs_messages where queue_id = ?", (queue.id,))
            db.execute("update sqs_queues set purged = ? where id = ?", (now, queue.id))
        return {}


def _queue_type(name: str, attributes: Mapping[str, str]) -> bool:
    """Whether the queue is FIFO; its name must suit its type (CreateQueue, QueueName)."""
    fifo = str(attributes.get("FifoQueue", "false")).lower() == "true"
    if fifo and not _FIFO_NAME.match(name):
        raise invalid_parameter(
            "The name of a FIFO queue can only include alphanumeric characters, hyphens, or "
            "underscores, must end with .fifo suffix and be 1 to 80 in length."
        )
    if not fifo and not _NAME.match(name):
        raise invalid_parameter(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
        )
    return fifo


def _checked(
    db: sqlite3.Connection, ref: QueueRef, fifo: bool, given: Mapping[str, str]
) -> dict[str, str]:
    wanted = _attributes.normalize(given, fifo)
    if not fifo:  # FifoQueue=false is what a standard queue is, not an attribute it keeps
        wanted.pop("FifoQueue", None)
    if "RedrivePolicy" in wanted:
        wanted["RedrivePolicy"] = check_redrive_policy(db, ref, fifo, wanted["RedrivePolicy"])
    if "RedriveAllowPolicy" in wanted:
        wanted["RedriveAllowPolicy"] = check_redrive_allow_policy(wanted["RedriveAllowPolicy"])
    return wanted


def _check_same(existing: Queue, wanted: Mapping[str, str]) -> None:
    current = existing.attributes
    for name, value in wanted.items():
        if current.get(name, "" if name in _attributes.REMOVABLE else None) != value:
            raise AwsError(
                "QueueNameExists",
                f"A queue already exists with the same name and a different value for "
                f"attribute {name}",
            )


def _check_not_recently_deleted(db: sqlite3.Connection, ref: QueueRef, now: float) -> None:
    row = db.execute(
        "select deleted from sqs_deleted_queues where region = ? and account = ? and name = ?",
        (ref.region, ref.account, ref.name),
    ).fetchone()
    if row is not None and now - row["deleted"] < NAME_REUSE_DELAY:
        raise AwsError(
            "QueueDeletedRecently",
            "You must wait 60 seconds after deleting a queue before you can create another "
            "with the same name.",
        )
