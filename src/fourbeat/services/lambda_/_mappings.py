"""Event source mappings from SQS queues: Lambda polls the queue with the function's execution
role, invokes the function with a batch, and deletes what the function handled.

A mapping does not poll on a timer: it watches its queue (``WorkQueue.watch``), and the queue
notifies its watchers of when a message becomes visible (sent, or received and due back), so
a poll runs exactly when there is something to see. A batch the function fails is left in
flight, to come back after the queue's visibility timeout (and to the queue's dead-letter
queue once its redrive policy says so); with ``ReportBatchItemFailures`` only the messages the
function names stay.
https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
"""

from __future__ import annotations

import base64
import json
import sqlite3
import uuid
from typing import Any

from fourbeat.clock import as_datetime
from fourbeat.errors import AwsError
from fourbeat.functions import Invocation, Outcome
from fourbeat.services._arns import queue_url
from fourbeat.services._base import NotServedError, Params, Request, Response, new_request_id
from fourbeat.services.lambda_._core import LambdaCore
from fourbeat.services.lambda_._names import function_arn, invalid_parameter
from fourbeat.store import Claim

POLL_KIND = "lambda.poll"
DEFAULT_BATCH = 10
RECEIVE_MAX = 10
"""ReceiveMessage returns at most ten messages; larger batches take several receives."""
MAX_PAGE = 100
_COLUMNS = (
    ("Enabled", "enabled"),
    ("BatchSize", "batch_size"),
    ("MaximumBatchingWindowInSeconds", "batching_window"),
)
"""Settings UpdateEventSourceMapping writes to their own column as given."""


class MappingOperations(LambdaCore):
    def CreateEventSourceMapping(self, request: Request, params: Params) -> Response:
        source = params.get("EventSourceArn", "")
        if not source.startswith("arn:aws:sqs:"):
            raise NotServedError(f"fourbeat maps SQS queues to functions, not {source or '?'}")
        ref = self._ref(request, params)
        self.authorize(request, "lambda:CreateEventSourceMapping", ref.arn)
        function = self._row(ref)
        batch = params.get("BatchSize", DEFAULT_BATCH)
        window = params.get("MaximumBatchingWindowInSeconds", 0)
        _check_batching(source, batch, window)
        mapping_id = str(uuid.uuid4())
        with self.store.db.transaction() as db:
            existing = db.execute(
                "select uuid from lambda_mappings where function = ? and source_arn = ?",
                (function["name"], source),
            ).fetchone()
            if existing is not None:
                raise AwsError(
                    "ResourceConflictException",
                    f'An event source mapping with SQS arn (" {source} ") and function '
                    f'(" {function["name"]} ") already exists. Please update or delete the '
                    f"existing mapping with UUID {existing['uuid']}",
                    Type="User",
                )
            db.execute(
                "insert into lambda_mappings (uuid, function, source_arn, enabled, batch_size, "
                "batching_window, response_types, scaling, modified) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    mapping_id,
                    function["name"],
                    source,
                    int(params.get("Enabled", True)),
                    batch,
                    window,
                    json.dumps(params.get("FunctionResponseTypes", [])),
                    json.dumps(params["ScalingConfig"]) if "ScalingConfig" in params else None,
                    self.clock.now(),
                ),
            )
        row = self._mapping(mapping_id)
        self._follow(row)
        return self._shown(request, row, "Creating")

    def GetEventSourceMapping(self, request: Request, params: Params) -> Response:
        row = self._mapping(params["UUID"])
        self.authorize(request, "lambda:GetEventSourceMapping", self._mapping_arn(request, row))
        return self._shown(request, row)

    def ListEventSourceMappings(self, request: Request, params: Params) -> Response:
        self.authorize(request, "lambda:ListEventSourceMappings", "*")
        sql, args = "select * from lambda_mappings where uuid > ?", [params.get("Marker", "")]
        if "FunctionName" in params:
            sql, args = sql + " and function = ?", [*args, self._ref(request, params).name]
        if "EventSourceArn" in params:
            sql, args = sql + " and source_arn = ?", [*args, params["EventSourceArn"]]
        size = min(params.get("MaxItems") or MAX_PAGE, MAX_PAGE)
        rows = self.store.db.read().execute(f"{sql} order by uuid limit ?", [*args, size + 1])
        found = rows.fetchall()
        response: Response = {
            "EventSourceMappings": [self._shown(request, r) for r in found[:size]]
        }
        if len(found) > size:
            response["NextMarker"] = found[size - 1]["uuid"]
        return response

    def UpdateEventSourceMapping(self, request: Request, params: Params) -> Response:
        row = self._mapping(params["UUID"])
        self.authorize(request, "lambda:UpdateEventSourceMapping", self._mapping_arn(request, row))
        changes: dict[str, Any] = {}
        if "FunctionName" in params:
            changes["function"] = self._row(self._ref(request, params))["name"]
        changes.update({column: params[name] for name, column in _COLUMNS if name in params})
        if "FunctionResponseTypes" in params:
            changes["response_types"] = json.dumps(params["FunctionResponseTypes"])
        if "ScalingConfig" in params:
            changes["scaling"] = json.dumps(params["ScalingConfig"])
        batch = changes.get("batch_size", row["batch_size"])
        _check_batching(row["source_arn"], batch, changes.get("batching_window", 0))
        self._unfollow(row)
        assignments = ", ".join(f"{column} = ?" for column in [*changes, "modified"])
        with self.store.db.transaction() as db:
            db.execute(
                f"update lambda_mappings set {assignments} where uuid = ?",
                (*changes.values(), self.clock.now(), row["uuid"]),
            )
        updated = self._mapping(row["uuid"])
        self._follow(updated)
        return self._shown(request, updated, "Updating")

    def DeleteEventSourceMapping(self, request: Request, params: Params) -> Response:
        row = self._mapping(params["UUID"])
        self.authorize(request, "lambda:DeleteEventSourceMapping", self._mapping_arn(request, row))
        self._unfollow(row)
        with self.store.db.transaction() as db:
            db.execute("delete from lambda_mappings where uuid = ?", (row["uuid"],))
        return {
            **self._shown(request, row, "Deleting"),
            "ResponseMetadata": {"HTTPStatusCode": 202},
        }

    # -- the mapping's rows and how the API shows them ---------------------------------------

    def _mapping(self, mapping_id: str) -> sqlite3.Row:
        found = (
            self.store.db.read()
            .execute("select * from lambda_mappings where uuid = ?", (mapping_id,))
            .fetchone()
        )
        if found is None:
            raise AwsError(
                "ResourceNotFoundException",
                f"The resource you requested does not exist. (Service: Lambda, Status Code: "
                f"404, Request ID: {new_request_id()})",
                Type="User",
            )
        row: sqlite3.Row = found
        return row

    def _mapping_arn(self, request: Request, row: sqlite3.Row) -> str:
        return (
            f"arn:aws:lambda:{request.region}:{request.account}:event-source-mapping:{row['uuid']}"
        )

    def _shown(self, request: Request, row: sqlite3.Row, state: str | None = None) -> Response:
        shown: Response = {
            "UUID": row["uuid"],
            "BatchSize": row["batch_size"],
            "MaximumBatchingWindowInSeconds": row["batching_window"],
            "EventSourceArn": row["source_arn"],
            "FunctionArn": function_arn(request.region, request.account, row["function"]),
            "LastModified": as_datetime(row["modified"]),
            "State": state or ("Enabled" if row["enabled"] else "Disabled"),
            "StateTransitionReason": "USER_INITIATED",
            "FunctionResponseTypes": json.loads(row["response_types"]),
            "EventSourceMappingArn": self._mapping_arn(request, row),
        }
        if row["scaling"]:
            shown["ScalingConfig"] = json.loads(row["scaling"])
        return shown

    # -- polling ------------------------------------------------------------------------------

    def _follow(self, row: sqlite3.Row) -> None:
        """Watch the queue while the mapping is enabled, and look at it now."""
        if row["enabled"]:
            self.store.queue.watch(row["source_arn"], POLL_KIND, {"uuid": row["uuid"]})
            self.store.queue.notify(row["source_arn"], self.clock.now())

    def _unfollow(self, row: sqlite3.Row) -> None:
        self.store.queue.unwatch(row["source_arn"], POLL_KIND, {"uuid": row["uuid"]})

    def _poll(self, claim: Claim) -> None:
        found = (
            self.store.db.read()
            .execute("select * from lambda_mappings where uuid = ?", (claim.payload["uuid"],))
            .fetchone()
        )
        if found is not None and found["enabled"]:
            self.store.queue.rearm(found["source_arn"], POLL_KIND, claim.payload)
            self._poll_once(found)
        self.store.queue.finish(claim)

    def _poll_once(self, mapping: sqlite3.Row) -> None:
        function = (
            self.store.db.read()
            .execute("select * from lambda_functions where name = ?", (mapping["function"],))
            .fetchone()
        )
        if function is None:
            return
        sqs = self.role_client(function, "sqs")
        source = mapping["source_arn"]
        region, account = source.split(":")[3:5]
        url = queue_url(source)  # Lambda needs no sqs:GetQueueUrl to poll
        messages = _receive(sqs, url, mapping["batch_size"])
        if not messages:
            return
        event = {"Records": [_record(m, source, region) for m in messages]}
        invocation = Invocation(
            new_request_id(),
            json.dumps(event).encode(),
            self.clock.now(),
            function_arn(region, account, function["name"]),
        )
        outcome = self.run(function, region, invocation)
        failed = _failed_ids(outcome, mapping, messages)
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), RECEIVE_MAX):
            entries = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                for i, m in enumerate(done[start : start + RECEIVE_MAX])
            ]
            sqs.delete_message_batch(QueueUrl=url, Entries=entries)
        now = self.clock.now()
        if failed:  # they come back once their visibility timeout has passed
            attributes = sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=["VisibilityTimeout"]
            )
            timeout = int(attributes["Attributes"]["VisibilityTimeout"])
            self.store.queue.notify(source, now + timeout)
        self.store.queue.notify(source, now)  # more may be waiting


def _check_batching(source: str, batch: int, window: int) -> None:
    """https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"""
    if source.endswith(".fifo") and batch > RECEIVE_MAX:
        raise invalid_parameter("Batch size for FIFO queues must be between 1 and 10.")
    if batch > RECEIVE_MAX and window < 1:
        raise invalid_parameter(
            "Maximum batch window in seconds must be greater than 0 if maximum batch size is "
            "greater than 10"
        )


def _receive(sqs: Any, url: str, batch_size: int) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    while len(messages) < batch_size:
        got = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=min(RECEIVE_MAX, batch_size - len(messages)),
            MessageSystemAttributeNames=["All"],
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not got:
            break
        messages.extend(got)
    return messages


def _record(message: dict[str, Any], source: str, region: str) -> dict[str, Any]:
    """One message as the SQS event a function receives.
    https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event"""
    record: dict[str, Any] = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {
            name: _attribute(value) for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": source,
        "awsRegion": region,
    }
    if "MD5OfMessageAttributes" in message:
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    return record


def _attribute(value: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {"stringListValues": [], "binaryListValues": []}
    if "StringValue" in value:
        shown["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        shown["binaryValue"] = base64.b64encode(value["BinaryValue"]).decode()
    shown["dataType"] = value["DataType"]
    return shown


def _failed_ids(outcome: Outcome, mapping: sqlite3.Row, messages: list[dict[str, Any]]) -> set[str]:
    """Which messages stay: all of them when the function failed; with ReportBatchItemFailures
    those it names (all, when its answer is not a valid report).
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"""
    every = {m["MessageId"] for m in messages}
    if outcome.error is not None:
        return every
    if "ReportBatchItemFailures" not in json.loads(mapping["response_types"]):
        return set()
    try:
        report = json.loads(outcome.payload) if outcome.payload else None
    except ValueError:
        return every
    if not report:
        return set()  # null, an empty object or list: the whole batch succeeded
    failures = report.get("batchItemFailures") if isinstance(report, dict) else None
    if failures is None:
        return set()
    try:
        named = {str(item["itemIdentifier"]) for item in failures}
    except (KeyError, TypeError):
        return every
    return every if not named <= every or "" in named else named
