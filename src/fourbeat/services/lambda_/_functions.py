"""Functions: create, read, list, update, delete, and reserved concurrency.

https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.iam import ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY, Credentials
from fourbeat.services._base import NotServedError, Params, Request, Response
from fourbeat.services.lambda_._code import Code
from fourbeat.services.lambda_._core import LambdaCore, configuration
from fourbeat.services.lambda_._names import function_arn, invalid_parameter

DEFAULT_TIMEOUT = 3
DEFAULT_MEMORY = 128
MAX_PAGE = 50
DEPRECATED_RUNTIMES = frozenset({"python2.7", "python3.6", "python3.7", "python3.8"})
"""Runtimes Lambda no longer accepts for new functions; they still run here, with a warning.
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated"""
RESERVED_VARIABLES = frozenset(
    {
        "_HANDLER",
        "_X_AMZN_TRACE_ID",
        "AWS_DEFAULT_REGION",
        "AWS_REGION",
        "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE",
        "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API",
        "LAMBDA_TASK_ROOT",
        "LAMBDA_RUNTIME_DIR",
    }
)
"""https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime"""

_COLUMNS = (
    ("Handler", "handler"),
    ("Description", "description"),
    ("Timeout", "timeout"),
    ("MemorySize", "memory"),
)
"""Settings UpdateFunctionConfiguration writes to their own column as given."""

_log = logging.getLogger("fourbeat.lambda")


class FunctionOperations(LambdaCore):
    def CreateFunction(self, request: Request, params: Params) -> Response:
        ref = self._ref(request, {"FunctionName": params["FunctionName"]})
        arn = function_arn(request.region, request.account, ref.name)
        self.authorize(request, "lambda:CreateFunction", arn)
        if params.get("PackageType", "Zip") != "Zip":
            raise NotServedError("fourbeat runs functions from zip packages, not container images")
        runtime = _runtime(params.get("Runtime"))
        handler = params.get("Handler")
        if not handler:
            raise invalid_parameter("Handler is required for Zip package type")  # assumed wording
        self._check_role(params["Role"], request.region)
        code = self._code_from(params["Code"], "CreateFunction")
        now = self.clock.now()
        with self.store.db.transaction() as db:
            if db.execute("select 1 from lambda_functions where name = ?", (ref.name,)).fetchone():
                raise AwsError(
                    "ResourceConflictException", f"Function already exist: {ref.name}", Type="User"
                )
            db.execute(
                "insert into lambda_functions (name, runtime, role, handler, code_sha256, "
                "code_size, description, timeout, memory, environment, dead_letter_target, "
                "settings, revision_id, modified, tags) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    ref.name,
                    runtime,
                    params["Role"],
                    handler,
                    code.sha256,
                    code.size,
                    params.get("Description", ""),
                    params.get("Timeout", DEFAULT_TIMEOUT),
                    params.get("MemorySize", DEFAULT_MEMORY),
                    json.dumps(_variables(params)),
                    params.get("DeadLetterConfig", {}).get("TargetArn"),
                    json.dumps(_settings(ref.name, params, {})),
                    str(uuid.uuid4()),
                    now,
                    json.dumps(params.get("Tags", {})),
                ),
            )
            row = self._row(ref, db)
        return configuration(row, request.region, request.account)

    def GetFunctionConfiguration(self, request: Request, params: Params) -> Response:
        row = self._function_row(request, params, "lambda:GetFunctionConfiguration")
        return configuration(row, request.region, request.account)

    def GetFunction(self, request: Request, params: Params) -> Response:
        row = self._function_row(request, params, "lambda:GetFunction")
        response: Response = {
            "Configuration": configuration(row, request.region, request.account),
            "Code": {
                "RepositoryType": "S3",
                "Location": self.code.directory(row["code_sha256"]).as_uri(),
            },
        }
        tags = json.loads(row["tags"])
        if tags:
            response["Tags"] = tags
        if row["reserved_concurrency"] is not None:
            response["Concurrency"] = {"ReservedConcurrentExecutions": row["reserved_concurrency"]}
        return response

    def ListFunctions(self, request: Request, params: Params) -> Response:
        self.authorize(request, "lambda:ListFunctions", "*")
        size = min(params.get("MaxItems") or MAX_PAGE, MAX_PAGE)
        marker = params.get("Marker", "")
        rows = (
            self.store.db.read()
            .execute(
                "select * from lambda_functions where name > ? order by name limit ?",
                (marker, size + 1),
            )
            .fetchall()
        )
        response: Response = {
            "Functions": [configuration(r, request.region, request.account) for r in rows[:size]]
        }
        if len(rows) > size:
            response["NextMarker"] = rows[size - 1]["name"]
        return response

    def DeleteFunction(self, request: Request, params: Params) -> Response:
        row = self._function_row(request, params, "lambda:DeleteFunction")
        with self.store.db.transaction() as db:
            db.execute("delete from lambda_functions where name = ?", (row["name"],))
        self.pool.retire(row["name"])
        return {"ResponseMetadata": {"HTTPStatusCode": 204}}

    def UpdateFunctionCode(self, request: Request, params: Params) -> Response:
        row = self._function_row(request, params, "lambda:UpdateFunctionCode")
        if "ImageUri" in params:
            raise NotServedError("fourbeat runs functions from zip packages, not container images")
        code = self._code_from(params, "UpdateFunctionCode")
        return self._update(
            request, row, params, {"code_sha256": code.sha256, "code_size": code.size}
        )

    def UpdateFunctionConfiguration(self, request: Request, params: Params) -> Response:
        row = self._function_row(request, params, "lambda:UpdateFunctionConfiguration")
        changes: dict[str, Any] = {}
        if "Runtime" in params:
            changes["runtime"] = _runtime(params["Runtime"])
        if "Role" in params:
            self._check_role(params["Role"], request.region)
            changes["role"] = params["Role"]
        changes.update({column: params[name] for name, column in _COLUMNS if name in params})
        if "Environment" in params:
            changes["environment"] = json.dumps(_variables(params))
        if "DeadLetterConfig" in params:
            changes["dead_letter_target"] = params["DeadLetterConfig"].get("TargetArn") or None
        changes["settings"] = json.dumps(
            _settings(row["name"], params, json.loads(row["settings"]))
        )
        return self._update(request, row, params, changes)

    def PutFunctionConcurrency(self, request: Request, params: Params) -> Response:
        row = self._function_row(request, params, "lambda:PutFunctionConcurrency")
        reserved = params["ReservedConcurrentExecutions"]
        self._set(row["name"], {"reserved_concurrency": reserved})
        return {"ReservedConcurrentExecutions": reserved}

    def GetFunctionConcurrency(self, request: Request, params: Params) -> Response:
        row = self._function_row(request, params, "lambda:GetFunctionConcurrency")
        if row["reserved_concurrency"] is None:
            return {}
        return {"ReservedConcurrentExecutions": row["reserved_concurrency"]}

    def DeleteFunctionConcurrency(self, request: Request, params: Params) -> Response:
        row = self._function_row(request, params, "lambda:DeleteFunctionConcurrency")
        self._set(row["name"], {"reserved_concurrency": None})
        return {"ResponseMetadata": {"HTTPStatusCode": 204}}

    # -- shared ------------------------------------------------------------------------------

    def _function_row(self, request: Request, params: Params, action: str) -> sqlite3.Row:
        return self._authorized_row(request, self._ref(request, params), action)

    def _update(
        self, request: Request, row: sqlite3.Row, params: Params, changes: dict[str, Any]
    ) -> Response:
        expected = params.get("RevisionId")
        if expected is not None and expected != row["revision_id"]:
            raise AwsError(
                "PreconditionFailedException",
                "The Revision Id provided does not match the latest Revision Id. Call the "
                "GetFunction/GetAlias API to retrieve the latest Revision Id",
                Type="User",
            )
        self._set(row["name"], changes)
        ref = self._ref(request, {"FunctionName": row["name"]})
        return configuration(self._row(ref), request.region, request.account)

    def _set(self, name: str, changes: dict[str, Any]) -> None:
        changes = {**changes, "revision_id": str(uuid.uuid4()), "modified": self.clock.now()}
        assignments = ", ".join(f"{column} = ?" for column in changes)
        with self.store.db.transaction() as db:
            db.execute(
                f"update lambda_functions set {assignments} where name = ?",
                (*changes.values(), name),
            )

    def _check_role(self, role_arn: str, region: str) -> None:
        role_name = role_arn.rsplit("/", 1)[-1]
        if not self.env.identities.trusts(role_name, "lambda", region):
            raise invalid_parameter(
                "The role defined for the function cannot be assumed by Lambda."
            )

    def _code_from(self, code: Params, operation: str) -> Code:
        if "ZipFile" in code:
            return self.code.add_zip(code["ZipFile"], operation)
        if "S3Bucket" in code and "S3Key" in code:
            return self.code.add_zip(self._s3_object(code), operation)
        raise invalid_parameter("Please provide a source for function code.")  # assumed wording

    def _s3_object(self, code: Params) -> bytes:
        s3 = self.env.client("s3", Credentials(ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY))
        extra = {"VersionId": code["S3ObjectVersion"]} if "S3ObjectVersion" in code else {}
        try:
            body = s3.get_object(Bucket=code["S3Bucket"], Key=code["S3Key"], **extra)["Body"]
        except s3.exceptions.ClientError as error:
            err = error.response["Error"]
            raise invalid_parameter(
                f"Error occurred while GetObject. S3 Error Code: {err['Code']}. "
                f"S3 Error Message: {err['Message']}"
            ) from None
        data: bytes = body.read()
        return data


def _runtime(runtime: str | None) -> str:
    if runtime is None:
        raise invalid_parameter("Runtime is required for Zip package type")  # assumed wording
    if not runtime.startswith("python"):
        raise NotServedError(
            f"runtime {runtime} is not supported yet: fourbeat runs Python functions",
            fix="Use a python3.x runtime.",
        )
    if runtime in DEPRECATED_RUNTIMES:
        _log.warning(
            "runtime %s runs here, but Lambda no longer accepts it for new functions", runtime
        )
    return runtime


def _variables(params: Params) -> dict[str, str]:
    variables: dict[str, str] = params.get("Environment", {}).get("Variables", {})
    reserved = sorted(RESERVED_VARIABLES & variables.keys())
    if reserved:
        raise invalid_parameter(
            "Lambda was unable to configure your environment variables because the environment "
            "variables you have provided contains reserved keys that are currently not "
            f"supported for modification. Reserved keys used in this request: {','.join(reserved)}"
        )
    return variables


def _settings(name: str, params: Params, current: dict[str, Any]) -> dict[str, Any]:
    """The settings Lambda only echoes back, with its defaults."""
    defaults = {
        "TracingConfig": {"Mode": "PassThrough"},
        "Architectures": ["x86_64"],
        "EphemeralStorage": {"Size": 512},
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"},
    }
    merged = {**defaults, **current}
    merged.update({key: params[key] for key in defaults if key in params})
    return merged
