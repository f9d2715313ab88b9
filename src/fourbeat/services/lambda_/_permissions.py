"""A function's resource-based policy: AddPermission, RemovePermission, GetPolicy.

Each AddPermission is one statement of the policy Lambda keeps for the function; Invoke and
the other operations weigh it with the caller's own policies (an S3 bucket or a queue in
another account may then invoke the function).
https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.lambda_._core import LambdaCore

_ACCOUNT = re.compile(r"^\d{12}$")


class PermissionOperations(LambdaCore):
    def AddPermission(self, request: Request, params: Params) -> Response:
        ref = self._ref(request, params)
        row = self._authorized_row(request, ref, "lambda:AddPermission")
        self._check_revision(row["revision_id"], params)
        policy = _policy(row["policy"])
        sid = params["StatementId"]
        if any(statement.get("Sid") == sid for statement in policy["Statement"]):
            raise AwsError(
                "ResourceConflictException",
                "The statement id (sid) provided already exists. Please choose a new statement "
                "id, or remove the existing statement.",
                Type="User",
            )
        statement = _statement(params, ref.arn)
        policy["Statement"].append(statement)
        self._store(row["name"], policy)
        return {"Statement": json.dumps(statement)}

    def RemovePermission(self, request: Request, params: Params) -> Response:
        ref = self._ref(request, params)
        row = self._authorized_row(request, ref, "lambda:RemovePermission")
        self._check_revision(row["revision_id"], params)
        policy = _policy(row["policy"])
        kept = [s for s in policy["Statement"] if s.get("Sid") != params["StatementId"]]
        if len(kept) == len(policy["Statement"]):
            raise AwsError(
                "ResourceNotFoundException",
                "Statement sid is not found in resource policy.",
                Type="User",
            )
        self._store(row["name"], {**policy, "Statement": kept} if kept else None)
        return {}

    def GetPolicy(self, request: Request, params: Params) -> Response:
        ref = self._ref(request, params)
        row = self._authorized_row(request, ref, "lambda:GetPolicy")
        if not row["policy"]:
            raise AwsError(
                "ResourceNotFoundException",
                "The resource you requested does not exist.",
                Type="User",
            )
        return {"Policy": row["policy"], "RevisionId": row["revision_id"]}

    def _check_revision(self, current: str, params: Params) -> None:
        if "RevisionId" in params and params["RevisionId"] != current:
            raise AwsError(
                "PreconditionFailedException",
                "The Revision Id provided does not match the latest Revision Id. Call the "
                "GetPolicy API to retrieve the latest Revision Id",
                Type="User",
            )

    def _store(self, name: str, policy: dict[str, Any] | None) -> None:
        with self.store.db.transaction() as db:
            db.execute(
                "update lambda_functions set policy = ?, revision_id = ? where name = ?",
                (json.dumps(policy) if policy else None, str(uuid.uuid4()), name),
            )


def _policy(text: str | None) -> dict[str, Any]:
    if not text:
        return {"Version": "2012-10-17", "Id": "default", "Statement": []}
    policy: dict[str, Any] = json.loads(text)
    return policy


def _statement(params: Params, function_arn: str) -> dict[str, Any]:
    """The statement Lambda writes for an AddPermission: an account id becomes the account's
    root, a service name a Service principal, with SourceArn/SourceAccount as conditions."""
    principal = params["Principal"]
    if principal == "*":
        shown: Any = "*"
    elif _ACCOUNT.match(principal):
        shown = {"AWS": f"arn:aws:iam::{principal}:root"}
    elif principal.startswith("arn:"):
        shown = {"AWS": principal}
    else:
        shown = {"Service": principal}
    statement: dict[str, Any] = {
        "Sid": params["StatementId"],
        "Effect": "Allow",
        "Principal": shown,
        "Action": params["Action"],
        "Resource": function_arn,
    }
    condition: dict[str, dict[str, str]] = {}
    if "SourceAccount" in params:
        condition["StringEquals"] = {"AWS:SourceAccount": params["SourceAccount"]}
    if "SourceArn" in params:
        condition["ArnLike"] = {"AWS:SourceArn": params["SourceArn"]}
    if "PrincipalOrgID" in params:
        condition.setdefault("StringEquals", {})["aws:PrincipalOrgID"] = params["PrincipalOrgID"]
    if condition:
        statement["Condition"] = condition
    return statement
