"""State machines: create, describe, update, delete, list, and definition validation.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from fourbeat.clock import as_datetime
from fourbeat.errors import AwsError
from fourbeat.services._base import NotServedError, Params, Request, Response
from fourbeat.services.stepfunctions._common import (
    StepFunctionsCore,
    compiled,
    offset,
    page_size,
    token,
)
from fourbeat.services.stepfunctions._names import MachineArn, check_name, machine_arn
from fourbeat.states import InvalidDefinition, parse, validate

_DEFAULT_LOGGING = {"level": "OFF", "includeExecutionData": False}
_DEFAULT_TRACING = {"enabled": False}
_ROLE_ARN = "arn:aws:iam::{account}:role/"


class MachineOperations(StepFunctionsCore):
    def CreateStateMachine(self, request: Request, params: Params) -> Response:
        if params.get("publish") or "versionDescription" in params:
            raise NotServedError(
                "fourbeat does not serve state machine versions yet (publish, versionDescription)",
                fix="Create the state machine without publish; executions run its latest "
                "definition.",
            )
        name, kind = params["name"], params.get("type", "STANDARD")
        check_name(name)
        arn = str(MachineArn(request.region, request.account, name))
        self.authorize(request, "states:CreateStateMachine", arn)
        definition = _checked_definition(params["definition"])
        self._check_role(params["roleArn"])
        logging = params.get("loggingConfiguration", _DEFAULT_LOGGING)
        tracing = params.get("tracingConfiguration", _DEFAULT_TRACING)
        tags = {t["key"]: t["value"] for t in params.get("tags", [])}
        now = self.clock.now()
        with self.store.db.transaction() as db:
            existing = db.execute("select * from sfn_machines where arn = ?", (arn,)).fetchone()
            if existing is not None:
                # Idempotent on name, definition (as text), type, logging and tracing; a
                # different role or tags are ignored, as AWS documents.
                stored = (
                    existing["definition"],
                    existing["type"],
                    json.loads(existing["logging"]),
                    json.loads(existing["tracing"]),
                )
                same = stored == (definition, kind, logging, tracing)
                if not same:
                    raise AwsError(
                        "StateMachineAlreadyExists", f"State Machine Already Exists: '{arn}'"
                    )
                return {"stateMachineArn": arn, "creationDate": as_datetime(existing["created"])}
            db.execute(
                "insert into sfn_machines (arn, name, definition, role_arn, type, created, "
                "revision, logging, tracing, tags) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    arn,
                    name,
                    definition,
                    params["roleArn"],
                    kind,
                    now,
                    None,
                    json.dumps(logging),
                    json.dumps(tracing),
                    json.dumps(tags),
                ),
            )
        return {"stateMachineArn": arn, "creationDate": as_datetime(now)}

    def DescribeStateMachine(self, request: Request, params: Params) -> Response:
        arn = params["stateMachineArn"]
        self.authorize(request, "states:DescribeStateMachine", arn)
        return describe(self._machine_row(arn))

    def UpdateStateMachine(self, request: Request, params: Params) -> Response:
        arn = params["stateMachineArn"]
        self.authorize(request, "states:UpdateStateMachine", arn)
        changes: dict[str, Any] = {}
        if "definition" in params:
            changes["definition"] = _checked_definition(params["definition"])
        if "roleArn" in params:
            self._check_role(params["roleArn"])
            changes["role_arn"] = params["roleArn"]
        for field, column in (
            ("loggingConfiguration", "logging"),
            ("tracingConfiguration", "tracing"),
        ):
            if field in params:
                changes[column] = json.dumps(params[field])
        if not changes:
            raise AwsError(
                "MissingRequiredParameter",
                "Either the definition, the role ARN, the LoggingConfiguration, or the "
                "TracingConfiguration must be specified",
            )
        now, revision = self.clock.now(), str(uuid.uuid4())
        with self.store.db.transaction() as db:
            self._machine_row(arn, db)
            sets = ", ".join(f"{column} = ?" for column in changes)
            db.execute(
                f"update sfn_machines set {sets}, revision = ? where arn = ?",
                [*changes.values(), revision, arn],
            )
        return {"updateDate": as_datetime(now), "revisionId": revision}

    def DeleteStateMachine(self, request: Request, params: Params) -> Response:
        arn = params["stateMachineArn"]
        machine_arn(arn)
        self.authorize(request, "states:DeleteStateMachine", arn)
        with self.store.db.transaction() as db:
            db.execute("delete from sfn_machines where arn = ?", (arn,))
        return {}

    def ListStateMachines(self, request: Request, params: Params) -> Response:
        self.authorize(request, "states:ListStateMachines", "*")
        start, size = offset(params), page_size(params)
        rows = (
            self._db()
            .execute(
                "select arn, name, type, created from sfn_machines order by name limit ? offset ?",
                (size + 1, start),
            )
            .fetchall()
        )
        response: Response = {
            "stateMachines": [
                {
                    "stateMachineArn": r["arn"],
                    "name": r["name"],
                    "type": r["type"],
                    "creationDate": as_datetime(r["created"]),
                }
                for r in rows[:size]
            ]
        }
        if len(rows) > size:
            response["nextToken"] = token(start + size)
        return response

    def ValidateStateMachineDefinition(self, request: Request, params: Params) -> Response:
        self.authorize(request, "states:ValidateStateMachineDefinition", "*")
        try:
            diagnostics = validate(parse(params["definition"]))
        except InvalidDefinition as invalid:
            diagnostics = list(invalid.diagnostics)
        limit = params.get("maxResults") or 100
        shown = [
            {"severity": "ERROR", "code": d.code, "message": d.message, "location": d.location}
            for d in diagnostics[:limit]
        ]
        return {
            "result": "FAIL" if diagnostics else "OK",
            "diagnostics": shown,
            "truncated": len(diagnostics) > limit,
        }

    def _check_role(self, role_arn: str) -> None:
        """The role must be this account's and trust Step Functions, which assumes it for
        every task."""
        prefix = _ROLE_ARN.format(account=self.env.account)
        name = role_arn.rsplit("/", 1)[-1]
        trusted = self.env.identities.trusts(name, "states", self.env.region)
        if not role_arn.startswith(prefix) or not trusted:
            raise AwsError(
                "AccessDeniedException",
                "Neither the global service principal states.amazonaws.com, nor the regional "
                f"one is authorized to assume the provided role. Role: '{role_arn}'",
                400,
            )


def describe(row: Any) -> Response:
    response: Response = {
        "stateMachineArn": row["arn"],
        "name": row["name"],
        "status": "ACTIVE",
        "definition": row["definition"],
        "roleArn": row["role_arn"],
        "type": row["type"],
        "creationDate": as_datetime(row["created"]),
        "loggingConfiguration": json.loads(row["logging"]),
        "tracingConfiguration": json.loads(row["tracing"]),
    }
    if row["revision"] is not None:  # set by the first update
        response["revisionId"] = row["revision"]
    return response


def _checked_definition(definition: str) -> str:
    """The definition, if Step Functions would accept it (compiled once and cached)."""
    try:
        compiled(definition)
    except InvalidDefinition as invalid:
        raise AwsError("InvalidDefinition", invalid.message) from None
    return definition
