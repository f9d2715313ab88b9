"""Executions: start (asynchronous, or synchronous for Express), describe, list, stop, history.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
"""

from __future__ import annotations

import json
import math
import uuid
from typing import Any

from fourbeat.clock import as_datetime
from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.stepfunctions import _events
from fourbeat.services.stepfunctions._common import (
    StepFunctionsCore,
    compiled,
    offset,
    page_size,
    token,
)
from fourbeat.services.stepfunctions._integrations import Integrations
from fourbeat.services.stepfunctions._names import (
    check_execution_arn,
    check_name,
    execution_missing,
    machine_arn,
)
from fourbeat.services.stepfunctions._runs import start_row, stop_row
from fourbeat.states import Execution, Identity

MAX_INPUT = 262_144
"""256 KiB of UTF-8, the execution input quota."""
_REDRIVABLE = {"FAILED", "ABORTED", "TIMED_OUT"}


class ExecutionOperations(StepFunctionsCore):
    integrations: Integrations

    def StartExecution(self, request: Request, params: Params) -> Response:
        arn = params["stateMachineArn"]
        self.authorize(request, "states:StartExecution", arn)
        machine = self._machine_row(arn)
        name = params.get("name") or str(uuid.uuid4())
        _, value = _input(params)
        check_name(name)
        express = machine["type"] == "EXPRESS"
        execution_arn = machine_arn(arn).execution(name, express)
        with self.store.db.transaction() as db:
            existing = db.execute(
                "select status, input, started from sfn_executions where arn = ?",
                (execution_arn,),
            ).fetchone()
            if existing is not None:
                # Idempotent only while the first run is going on with the same input.
                if existing["status"] == "RUNNING" and json.loads(existing["input"]) == value:
                    return {
                        "executionArn": execution_arn,
                        "startDate": as_datetime(existing["started"]),
                    }
                raise AwsError(
                    "ExecutionAlreadyExists", f"Execution Already Exists: '{execution_arn}'"
                )
            execution = self._execution(machine, name, value, request, execution_arn)
            start_row(db, self.store, execution, arn, machine["definition"], machine["role_arn"])
        return {"executionArn": execution_arn, "startDate": as_datetime(execution.started_at)}

    def StartSyncExecution(self, request: Request, params: Params) -> Response:
        arn = params["stateMachineArn"]
        self.authorize(request, "states:StartSyncExecution", arn)
        machine = self._machine_row(arn)
        if machine["type"] != "EXPRESS":
            raise AwsError(
                "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine",
            )
        name = params.get("name") or str(uuid.uuid4())
        text, value = _input(params)
        check_name(name)
        execution_arn = machine_arn(arn).execution(name, express=True)
        execution = self._execution(machine, name, value, request, execution_arn).run()
        stopped = self.clock.now()
        response: Response = {
            "executionArn": execution.identity.execution_arn,
            "stateMachineArn": arn,
            "name": name,
            "startDate": as_datetime(execution.started_at),
            "stopDate": as_datetime(stopped),
            "status": execution.status,
            "input": text,
            "inputDetails": {"included": True},
            "billingDetails": _billing(stopped - execution.started_at),
        }
        response.update(
            _result(execution.status, _compact(execution), execution.error, execution.cause)
        )
        return response

    def DescribeExecution(self, request: Request, params: Params) -> Response:
        arn = params["executionArn"]
        row = self._execution_row(arn)
        self.authorize(request, "states:DescribeExecution", arn)
        response: Response = {
            "executionArn": arn,
            "stateMachineArn": row["machine_arn"],
            "name": row["name"],
            "status": row["status"],
            "startDate": as_datetime(row["started"]),
            "input": row["input"],
            "inputDetails": {"included": True},
            "redriveCount": 0,
            **_redrive_status(row["status"]),
        }
        if row["stopped"] is not None:
            response["stopDate"] = as_datetime(row["stopped"])
        response.update(_result(row["status"], row["output"], row["error"], row["cause"]))
        return response

    def DescribeStateMachineForExecution(self, request: Request, params: Params) -> Response:
        arn = params["executionArn"]
        row = self._execution_row(arn)
        self.authorize(request, "states:DescribeStateMachineForExecution", arn)
        machine = (
            self._db()
            .execute("select * from sfn_machines where arn = ?", (row["machine_arn"],))
            .fetchone()
        )
        response: Response = {
            "stateMachineArn": row["machine_arn"],
            "name": row["machine_arn"].rsplit(":", 1)[-1],
            "definition": row["definition"],
            "roleArn": row["role_arn"],
            "updateDate": as_datetime(row["started"]),
        }
        if machine is not None:
            response["loggingConfiguration"] = json.loads(machine["logging"])
            response["tracingConfiguration"] = json.loads(machine["tracing"])
        return response

    def ListExecutions(self, request: Request, params: Params) -> Response:
        arn = params.get("stateMachineArn")
        if not arn:
            raise AwsError("ValidationException", "Must provide a StateMachine ARN or MapRun ARN")
        self.authorize(request, "states:ListExecutions", arn)
        machine = self._machine_row(arn)
        if machine["type"] == "EXPRESS":
            raise AwsError(
                "StateMachineTypeNotSupported",
                "This operation is not supported by this type of state machine",
            )
        start, size = offset(params), page_size(params)
        sql, args = "select * from sfn_executions where machine_arn = ?", [arn]
        if params.get("statusFilter"):
            sql, args = sql + " and status = ?", [*args, params["statusFilter"]]
        rows = (
            self._db()
            .execute(
                sql + " order by started desc, rowid desc limit ? offset ?",
                [*args, size + 1, start],
            )
            .fetchall()
        )
        response: Response = {"executions": [_list_item(row) for row in rows[:size]]}
        if len(rows) > size:
            response["nextToken"] = token(start + size)
        return response

    def StopExecution(self, request: Request, params: Params) -> Response:
        arn = params["executionArn"]
        self._execution_row(arn)
        self.authorize(request, "states:StopExecution", arn)
        now = self.clock.now()
        with self.store.db.transaction() as db:
            row = db.execute(
                "select status, stopped from sfn_executions where arn = ?", (arn,)
            ).fetchone()
            if row["status"] == "RUNNING":
                stop_row(db, arn, now, params.get("error"), params.get("cause"))
                return {"stopDate": as_datetime(now)}
        return {"stopDate": as_datetime(row["stopped"])}  # already ended: nothing changes

    def GetExecutionHistory(self, request: Request, params: Params) -> Response:
        arn = params["executionArn"]
        self._execution_row(arn)
        self.authorize(request, "states:GetExecutionHistory", arn)
        events = _events.read(self._db(), arn)
        if params.get("reverseOrder"):
            events.reverse()
        if params.get("includeExecutionData") is False:
            events = [_events.without_data(e) for e in events]
        start, size = offset(params), page_size(params)
        response: Response = {"events": events[start : start + size]}
        if len(events) > start + size:
            response["nextToken"] = token(start + size)
        return response

    def _execution(
        self, machine: Any, name: str, value: Any, request: Request, arn: str
    ) -> Execution:
        identity = Identity(
            name=name,
            state_machine_name=machine["name"],
            account=request.account,
            region=request.region,
            role_arn=machine["role_arn"],
            arn=arn,
        )
        invoke = self.integrations.invoker(machine["role_arn"], name)
        return Execution(
            compiled(machine["definition"]),
            value,
            clock=self.clock,
            invoke=invoke,
            identity=identity,
        )

    def _execution_row(self, arn: str) -> Any:
        check_execution_arn(arn)
        row = self._db().execute("select * from sfn_executions where arn = ?", (arn,)).fetchone()
        if row is None:
            raise execution_missing(arn)
        return row


def _input(params: Params) -> tuple[str, Any]:
    text = params.get("input", "{}")
    if len(text.encode()) > MAX_INPUT:
        raise AwsError(
            "InvalidExecutionInput",
            f"Invalid State Machine Execution Input: 'Input size exceeds {MAX_INPUT} bytes'",
        )
    try:
        return text, json.loads(text)
    except ValueError as exc:
        raise AwsError(
            "InvalidExecutionInput", f"Invalid State Machine Execution Input: '{exc}'"
        ) from None


def _compact(execution: Execution) -> str | None:
    if execution.status != "SUCCEEDED":
        return None
    return json.dumps(execution.output, separators=(",", ":"), ensure_ascii=False)


def _result(status: str, output: str | None, error: str | None, cause: str | None) -> Response:
    result: Response = {}
    if status == "SUCCEEDED":
        result = {"output": output, "outputDetails": {"included": True}}
    if error is not None:
        result["error"] = error
    if cause is not None:
        result["cause"] = cause
    return result


def _redrive_status(status: str) -> Response:
    if status in _REDRIVABLE:
        return {"redriveStatus": "REDRIVABLE"}
    return {
        "redriveStatus": "NOT_REDRIVABLE",
        "redriveStatusReason": f"Execution is {status} and cannot be redriven",
    }


def _list_item(row: Any) -> Response:
    item: Response = {
        "executionArn": row["arn"],
        "stateMachineArn": row["machine_arn"],
        "name": row["name"],
        "status": row["status"],
        "startDate": as_datetime(row["started"]),
        "redriveCount": 0,
    }
    if row["stopped"] is not None:
        item["stopDate"] = as_datetime(row["stopped"])
    return item


def _billing(seconds: float) -> Response:
    """What an Express run is billed: 64 MB steps and 100 ms steps, rounded up.
    https://aws.amazon.com/step-functions/pricing/"""
    return {
        "billedMemoryUsedInMB": 64,
        "billedDurationInMilliseconds": max(100, math.ceil(seconds * 10) * 100),
    }
