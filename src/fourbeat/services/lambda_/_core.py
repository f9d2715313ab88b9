"""What the Lambda operation groups share: the function rows, FunctionConfiguration as the API
shows it, and the runtime's view of a function (``FunctionSpec``)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from fourbeat.functions import FunctionSpec, Invocation, Outcome, WorkerPool
from fourbeat.iam import Credentials
from fourbeat.services._base import Environment, Params, Request, Service
from fourbeat.services._validation import check_constraints
from fourbeat.services.lambda_._code import CodeStore
from fourbeat.services.lambda_._logs import LogShipper
from fourbeat.services.lambda_._names import (
    LATEST,
    FunctionRef,
    function_arn,
    function_missing,
    parse_function,
)
from fourbeat.services.lambda_._schema import SCHEMA

SESSION_SECONDS = 3600.0
"""How long a worker's role session lasts (STS's default); an older worker is replaced."""
RENEW_BEFORE = 300.0


class LambdaCore(Service):
    name = "lambda"

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        env.store.migrate(SCHEMA)
        self.code = CodeStore(env.store.root / "lambda" / "code")
        self.pool = WorkerPool()
        self._sessions: dict[tuple[str, str], Credentials] = {}
        self._clients: dict[tuple[str, str], Any] = {}
        self.logs = LogShipper()

    def dispatch(self, request: Request, params: Params) -> dict[str, Any]:
        check_constraints(self.name, request.operation, params, "ValidationException")
        return super().dispatch(request, params)

    def close(self) -> None:
        self.pool.close()

    def _ref(self, request: Request, params: Params) -> FunctionRef:
        return parse_function(
            params["FunctionName"], request.account, request.region, params.get("Qualifier")
        )

    def _row(self, ref: FunctionRef, db: sqlite3.Connection | None = None) -> sqlite3.Row:
        if ref.qualifier not in (None, LATEST):
            raise function_missing(function_arn(ref.region, ref.account, ref.name, ref.qualifier))
        found = (
            (db or self.store.db.read())
            .execute("select * from lambda_functions where name = ?", (ref.name,))
            .fetchone()
        )
        if found is None:
            raise function_missing(ref.arn)
        row: sqlite3.Row = found
        return row

    def _authorized_row(self, request: Request, ref: FunctionRef, action: str) -> sqlite3.Row:
        """The function's row once IAM allowed ``action`` with the function's own policy
        (AddPermission's statements) weighed in; authorization comes before not-found."""
        found = (
            self.store.db.read()
            .execute("select policy from lambda_functions where name = ?", (ref.name,))
            .fetchone()
        )
        self.authorize(request, action, ref.arn, resource_policy=found["policy"] if found else None)
        return self._row(ref)

    def spec(self, row: sqlite3.Row, region: str) -> FunctionSpec:
        return FunctionSpec(
            name=row["name"],
            arn=function_arn(region, self.env.account, row["name"]),
            version=LATEST,
            handler=row["handler"],
            runtime=row["runtime"],
            task_root=self.code.directory(row["code_sha256"]),
            timeout=float(row["timeout"]),
            memory_mb=row["memory"],
            environment=json.loads(row["environment"]),
            region=region,
            account=self.env.account,
            data_dir=Path(self.store.root),
            revision=row["revision_id"],
        )

    def run(self, row: sqlite3.Row, region: str, invocation: Invocation) -> Outcome:
        """Run one invocation on a warm worker (or a new one, minted a role session), and
        keep its log in CloudWatch Logs with the role's permissions."""
        spec = self.spec(row, region)
        outcome = self.pool.invoke(spec, invocation, lambda: self.role_session(row))
        self.logs.ship(self.role_client(row, "logs"), row, outcome, invocation.now)
        return outcome

    def role_session(self, row: sqlite3.Row) -> Credentials:
        """A new session of the execution role named after the function, as Lambda's is."""
        role_name = row["role"].rsplit("/", 1)[-1]
        return self.env.identities.issue_session(
            role_name, row["name"], self.clock.now(), SESSION_SECONDS
        )

    def role_client(self, row: sqlite3.Row, service: str) -> Any:
        """A client for what Lambda itself does with the execution role (polling a queue,
        sending to a dead-letter queue), its session reused until it nears its end."""
        key = (row["role"], row["name"])
        creds = self._sessions.get(key)
        if creds is None or (creds.expiration or 0) - self.clock.now() < RENEW_BEFORE:
            if creds is not None:  # the old session's clients go with it
                self._clients = {
                    k: c for k, c in self._clients.items() if k[1] != creds.access_key_id
                }
            creds = self._sessions[key] = self.role_session(row)
        client_key = (service, creds.access_key_id)
        if client_key not in self._clients:
            self._clients[client_key] = self.env.client(service, creds)
        return self._clients[client_key]


def configuration(row: sqlite3.Row, region: str, account: str) -> dict[str, Any]:
    """FunctionConfiguration, as GetFunctionConfiguration answers."""
    settings = json.loads(row["settings"])
    config: dict[str, Any] = {
        "FunctionName": row["name"],
        "FunctionArn": function_arn(region, account, row["name"]),
        "Runtime": row["runtime"],
        "Role": row["role"],
        "Handler": row["handler"],
        "CodeSize": row["code_size"],
        "Description": row["description"],
        "Timeout": row["timeout"],
        "MemorySize": row["memory"],
        "LastModified": last_modified(row["modified"]),
        "CodeSha256": row["code_sha256"],
        "Version": LATEST,
        "TracingConfig": settings["TracingConfig"],
        "RevisionId": row["revision_id"],
        "State": "Active",
        "LastUpdateStatus": "Successful",
        "PackageType": "Zip",
        "Architectures": settings["Architectures"],
        "EphemeralStorage": settings["EphemeralStorage"],
        "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "LoggingConfig": settings["LoggingConfig"],
    }
    variables = json.loads(row["environment"])
    if variables:
        config["Environment"] = {"Variables": variables}
    if row["dead_letter_target"]:
        config["DeadLetterConfig"] = {"TargetArn": row["dead_letter_target"]}
    return config


def last_modified(epoch: float) -> str:
    """Lambda's timestamp format: ``2026-12-04T21:50:00.000+0000``."""
    millis = int(epoch * 1000) % 1000
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + f".{millis:03d}+0000"
