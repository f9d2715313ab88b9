"""CloudFormation: stacks created from SAM/CloudFormation templates, deleted again.

CreateStack runs the whole creation synchronously inside the call, so the statuses
DescribeStacks shows when it returns are final (CREATE_COMPLETE or ROLLBACK_COMPLETE); AWS
answers at once with CREATE_IN_PROGRESS. Resources are made through the cloud's own service
APIs as the administrator (the stack's deployer). A ``TemplateURL`` of the form
``file:///abs/template.yaml`` (a fourbeat extension) reads a local template, and its local
CodeUri/DefinitionUri paths resolve against its directory; a TemplateBody's resolve against the
working directory. The template work is ``fourbeat.template``'s; this module records stacks.
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.iam import ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY, Credentials
from fourbeat.services._base import Environment, Params, Request, Response, Service
from fourbeat.services.cloudformation._capabilities import check_capabilities
from fourbeat.services.cloudformation._schema import SCHEMA
from fourbeat.services.cloudformation._shapes import (
    event_shape,
    resource_shape,
    resource_summary,
    stack_shape,
)
from fourbeat.template import (
    Context,
    Deployment,
    StackDeletion,
    StackResource,
    TemplateError,
    prepare,
)

__all__ = ["CloudFormation"]


class CloudFormation(Service):
    name = "cloudformation"

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        env.store.migrate(SCHEMA)
        self.db = env.store.db

    def CreateStack(self, request: Request, params: Params) -> Response:
        name = params["StackName"]
        stack_id = (
            f"arn:aws:cloudformation:{request.region}:{request.account}:stack/{name}/{uuid.uuid4()}"
        )
        self.authorize(request, "cloudformation:CreateStack", stack_id)
        if self._find(request, name, missing_ok=True) is not None:
            raise AwsError("AlreadyExistsException", f"Stack [{name}] already exists")
        text, source, base_dir = _template_source(params)
        given = {
            p["ParameterKey"]: p.get("ParameterValue", "") for p in params.get("Parameters", [])
        }
        try:
            prepared = prepare(text, source, base_dir, request.region, given)
        except TemplateError as exc:
            message = f"Template format error: {exc.describe()}"
            raise AwsError("ValidationError", message, 400) from exc
        check_capabilities(prepared, params.get("Capabilities", []))
        ctx = Context(self._deployer, name, stack_id, request.region, request.account)
        deployment = Deployment(prepared, ctx, self.clock.now)
        outcome = deployment.create()
        record = {
            "StackId": stack_id,
            "StackName": name,
            "CreationTime": deployment.events[0].timestamp,
            "StackStatus": outcome.status,
            "StackStatusReason": outcome.reason,
            "Description": prepared.template.get("Description"),
            "Parameters": prepared.parameters,
            "Capabilities": params.get("Capabilities", []),
            "Tags": params.get("Tags", []),
            "Outputs": outcome.outputs,
            "Resources": [asdict(r) for r in outcome.resources],
            "Events": [asdict(e) for e in deployment.events],
            "TemplateBody": text,
            "Processed": prepared.template,
        }
        with self.db.transaction() as db:
            db.execute(
                "insert into cloudformation_stacks (stack_id, region, account, name, record)"
                " values (?, ?, ?, ?, ?)",
                (stack_id, request.region, request.account, name, json.dumps(record)),
            )
        return {"StackId": stack_id}

    def DescribeStacks(self, request: Request, params: Params) -> Response:
        self.authorize(request, "cloudformation:DescribeStacks", "*")
        if "StackName" in params:
            return {"Stacks": [stack_shape(self._get(request, params["StackName"]))]}
        rows = self.db.read().execute(
            "select record from cloudformation_stacks where region = ? and account = ?"
            " and deleted = 0 order by id desc",
            (request.region, request.account),
        )
        return {"Stacks": [stack_shape(json.loads(row[0])) for row in rows]}

    def DescribeStackEvents(self, request: Request, params: Params) -> Response:
        record = self._get(request, params["StackName"])
        self.authorize(request, "cloudformation:DescribeStackEvents", record["StackId"])
        events = [event_shape(record, e, i) for i, e in enumerate(record["Events"])]
        return {"StackEvents": events[::-1]}  # newest first, as AWS lists them

    def DescribeStackResources(self, request: Request, params: Params) -> Response:
        record = self._get(request, params["StackName"])
        self.authorize(request, "cloudformation:DescribeStackResources", record["StackId"])
        wanted = params.get("LogicalResourceId")
        resources = [r for r in record["Resources"] if wanted in (None, r["logical_id"])]
        return {"StackResources": [resource_shape(record, r) for r in resources]}

    def ListStackResources(self, request: Request, params: Params) -> Response:
        record = self._get(request, params["StackName"])
        self.authorize(request, "cloudformation:ListStackResources", record["StackId"])
        summaries = [resource_summary(r, "LastUpdatedTimestamp") for r in record["Resources"]]
        return {"StackResourceSummaries": summaries}

    def GetTemplate(self, request: Request, params: Params) -> Response:
        record = self._get(request, params["StackName"])
        self.authorize(request, "cloudformation:GetTemplate", record["StackId"])
        if params.get("TemplateStage") == "Processed":
            body = json.dumps(record["Processed"], indent=2)
        else:
            body = record["TemplateBody"]
        return {"TemplateBody": body, "StagesAvailable": ["Original", "Processed"]}

    def DeleteStack(self, request: Request, params: Params) -> Response:
        record = self._find(request, params["StackName"], missing_ok=True)
        if record is None:
            return {}  # deleting a stack that does not exist succeeds, as in AWS
        self.authorize(request, "cloudformation:DeleteStack", record["StackId"])
        ctx = Context(
            self._deployer, record["StackName"], record["StackId"], request.region, request.account
        )
        deletion = StackDeletion(ctx, self.clock.now)
        resources = [StackResource(**r) for r in record["Resources"]]
        record["StackStatus"] = deletion.delete(resources)
        record["Events"] += [asdict(e) for e in deletion.events]
        deleted = record["StackStatus"] == "DELETE_COMPLETE"
        if deleted:
            record["DeletionTime"] = self.clock.now()
        with self.db.transaction() as db:
            db.execute(
                "update cloudformation_stacks set record = ?, deleted = ? where stack_id = ?",
                (json.dumps(record), int(deleted), record["StackId"]),
            )
        return {}

    def _deployer(self, service: str) -> Any:
        return self.env.client(service, Credentials(ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY))

    def _get(self, request: Request, name_or_id: str) -> dict[str, Any]:
        record = self._find(request, name_or_id, missing_ok=False)
        assert record is not None
        return record

    def _find(
        self, request: Request, name_or_id: str, *, missing_ok: bool
    ) -> dict[str, Any] | None:
        """A live stack by name, or any stack (deleted ones too) by its id, as AWS finds them."""
        column, deleted = ("stack_id", (0, 1)) if name_or_id.startswith("arn:") else ("name", (0,))
        row = (
            self.db.read()
            .execute(
                f"select record from cloudformation_stacks where {column} = ? and region = ?"
                f" and account = ? and deleted in ({','.join('?' * len(deleted))})"
                " order by id desc limit 1",
                (name_or_id, request.region, request.account, *deleted),
            )
            .fetchone()
        )
        if row is None and not missing_ok:
            raise AwsError("ValidationError", f"Stack with id {name_or_id} does not exist", 400)
        return None if row is None else dict(json.loads(row[0]))


def _template_source(params: Params) -> tuple[str, str, Path]:
    if "TemplateBody" in params:
        return params["TemplateBody"], "<TemplateBody>", Path.cwd()
    url = params.get("TemplateURL", "")
    if not url.startswith("file://"):
        raise AwsError(
            "ValidationError",
            "fourbeat reads TemplateBody or a local TemplateURL (file:///path/template.yaml)",
            400,
        )
    path = Path(url.removeprefix("file://"))
    try:
        return path.read_text(), str(path), path.parent
    except OSError as exc:
        raise AwsError("ValidationError", f"TemplateURL cannot be read: {exc}", 400) from exc
