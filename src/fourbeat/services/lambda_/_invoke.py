"""Invoke: synchronous (RequestResponse), asynchronous (Event, through the work queue) and
DryRun, with Lambda's payload limits, throttling and retries.

An asynchronous event is a work item: the engine runs it, and an attempt that fails is tried
twice more, one minute and then two minutes later, before it goes to the function's
dead-letter queue with the error (or is logged as dropped when there is none, as Lambda drops
it); nothing is lost silently.
https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import logging
import sqlite3
from typing import Any

from botocore.response import StreamingBody

from fourbeat.errors import AwsError
from fourbeat.functions import Invocation, Outcome
from fourbeat.services._arns import queue_url
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.lambda_._core import LambdaCore
from fourbeat.services.lambda_._names import LATEST, function_arn, invalid_parameter
from fourbeat.store import Claim

MAX_SYNC_PAYLOAD = 6 * 1024 * 1024
MAX_ASYNC_PAYLOAD = 1024 * 1024
"""https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html"""
LOG_TAIL_BYTES = 4096
EVENT_KIND = "lambda.event"
RETRY_DELAYS = (60.0, 120.0)
"""Lambda waits one minute before the second attempt and two before the third."""

_log = logging.getLogger("fourbeat.lambda")


class InvokeOperations(LambdaCore):
    def Invoke(self, request: Request, params: Params) -> Response:
        ref = self._ref(request, params)
        row = self._authorized_row(request, ref, "lambda:InvokeFunction")
        payload = _payload_bytes(params.get("Payload"))
        kind = params.get("InvocationType", "RequestResponse")
        if kind == "DryRun":
            return {"StatusCode": 204, "ResponseMetadata": {"HTTPStatusCode": 204}}
        if kind == "Event":
            return self._enqueue(request, row, payload)
        _check_size(payload, MAX_SYNC_PAYLOAD)
        self._check_concurrency(row)
        invocation = Invocation(
            request.request_id,
            payload,
            self.clock.now(),
            function_arn(request.region, request.account, row["name"], ref.qualifier),
            _client_context(params.get("ClientContext")),
        )
        outcome = self.run(row, request.region, invocation)
        response: Response = {
            "StatusCode": 200,
            "ExecutedVersion": LATEST,
            "Payload": StreamingBody(io.BytesIO(outcome.payload), len(outcome.payload)),
        }
        if outcome.error:
            response["FunctionError"] = outcome.error
        if params.get("LogType") == "Tail":
            tail = outcome.log.encode()[-LOG_TAIL_BYTES:]
            response["LogResult"] = base64.b64encode(tail).decode()
        return response

    def _check_concurrency(self, row: sqlite3.Row) -> None:
        reserved = row["reserved_concurrency"]
        if reserved is not None and self.pool.running(row["name"]) >= reserved:
            raise AwsError(
                "TooManyRequestsException",
                "Rate Exceeded.",
                429,
                Reason="ReservedFunctionConcurrentInvocationLimitExceeded",
                Type="User",
            )

    def _enqueue(self, request: Request, row: sqlite3.Row, payload: bytes) -> Response:
        _check_size(payload, MAX_ASYNC_PAYLOAD)
        event = {
            "function": row["name"],
            "region": request.region,
            "request_id": request.request_id,
            "payload": base64.b64encode(payload).decode(),
            "attempt": 1,
        }
        self.store.queue.put(EVENT_KIND, event, self.clock.now())
        return {"StatusCode": 202, "ResponseMetadata": {"HTTPStatusCode": 202}}

    def _run_event(self, claim: Claim) -> None:
        event = claim.payload
        found = (
            self.store.db.read()
            .execute("select * from lambda_functions where name = ?", (event["function"],))
            .fetchone()
        )
        if found is None:  # deleted meanwhile: Lambda discards the event
            _log.warning("function %s is gone: its queued event is dropped", event["function"])
            self.store.queue.finish(claim)
            return
        payload = base64.b64decode(event["payload"])
        invocation = Invocation(
            event["request_id"],
            payload,
            self.clock.now(),
            function_arn(event["region"], self.env.account, event["function"]),
        )
        outcome = self.run(found, event["region"], invocation)
        if outcome.error is None:
            self.store.queue.finish(claim)
        elif event["attempt"] <= len(RETRY_DELAYS):
            retry = {**event, "attempt": event["attempt"] + 1}
            with self.store.db.transaction() as db:
                self.store.queue.finish(claim, db=db)
                due = self.clock.now() + RETRY_DELAYS[event["attempt"] - 1]
                self.store.queue.put(EVENT_KIND, retry, due, db=db)
        else:
            self._dead_letter(found, event, outcome)
            self.store.queue.finish(claim)

    def _dead_letter(self, row: sqlite3.Row, event: dict[str, Any], outcome: Outcome) -> None:
        """Send the event to the DLQ with the execution role, as Lambda does, with the error
        in message attributes: RequestID, ErrorCode (the status Invoke answered: 200 for a
        function error) and the first kilobyte of ErrorMessage.
        https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"""
        target = row["dead_letter_target"]
        error = json.loads(outcome.payload) if outcome.payload else {}
        if not target:
            _log.warning(
                "event %s for %s failed %d times and is dropped (no dead-letter queue): %s",
                event["request_id"],
                row["name"],
                event["attempt"],
                error.get("errorMessage", ""),
            )
            return
        if not target.startswith("arn:aws:sqs:"):
            raise invalid_parameter(f"fourbeat sends dead letters to SQS queues only: {target}")
        sqs = self.role_client(row, "sqs")
        url = queue_url(target)  # the execution role needs sqs:SendMessage only
        message = error.get("errorMessage") or error.get("errorType") or "Unhandled"
        sqs.send_message(
            QueueUrl=url,
            MessageBody=base64.b64decode(event["payload"]).decode(errors="replace"),
            MessageAttributes={
                "RequestID": {"DataType": "String", "StringValue": event["request_id"]},
                "ErrorCode": {"DataType": "Number", "StringValue": "200"},
                "ErrorMessage": {"DataType": "String", "StringValue": message[:1024]},
            },
        )


def _payload_bytes(payload: Any) -> bytes:
    if payload is None:
        return b""
    if hasattr(payload, "read"):
        payload = payload.read()
    return payload.encode() if isinstance(payload, str) else bytes(payload)


def _check_size(payload: bytes, limit: int) -> None:
    if len(payload) > limit:
        raise AwsError(
            "RequestEntityTooLargeException",
            f"Request must be smaller than {limit} bytes for the InvokeFunction operation",
            413,
            Type="User",
        )


def _client_context(encoded: str | None) -> dict[str, object] | None:
    if encoded is None:
        return None
    try:
        document = json.loads(base64.b64decode(encoded, validate=True))
    except (binascii.Error, ValueError):
        raise invalid_parameter(
            "Client context must be a valid Base64-encoded JSON object."
        ) from None
    if not isinstance(document, dict):
        raise invalid_parameter("Client context must be a valid Base64-encoded JSON object.")
    return document
