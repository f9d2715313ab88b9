"""Creating and deleting a stack's resources, in dependency order, with rollback.

``prepare`` does every check that needs no cloud (parse, SAM, parameters, resource types, the
dependency order), so a template that cannot deploy fails before anything is created.
``create`` makes the resources one at a time through the service APIs; when one fails, what was
created is deleted again in reverse and the stack ends ROLLBACK_COMPLETE, as CloudFormation
does with rollback enabled. Records are plain dataclasses that the CloudFormation service
stores as JSON. This module imports no service.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-describing-stacks.html
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from fourbeat.errors import FourbeatError
from fourbeat.template._errors import TemplateError
from fourbeat.template._graph import creation_order
from fourbeat.template._intrinsics import Resolver
from fourbeat.template._parameters import resolve_parameters
from fourbeat.template._resources import Context, Created, provisioners
from fourbeat.template._sam import is_sam, translate
from fourbeat.template._yaml import parse

STACK_TYPE = "AWS::CloudFormation::Stack"


@dataclass
class Prepared:
    """A template ready to deploy: CloudFormation (SAM translated), parameter values, order."""

    original: dict[str, Any]
    template: dict[str, Any]
    parameters: dict[str, Any]
    order: list[str]


@dataclass
class StackEvent:
    logical_id: str
    physical_id: str
    type: str
    status: str
    timestamp: float
    reason: str | None = None


@dataclass
class StackResource:
    logical_id: str
    type: str
    physical_id: str
    status: str
    timestamp: float
    properties: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    retain: bool = False


@dataclass
class Outcome:
    status: str
    reason: str | None
    resources: list[StackResource]
    outputs: list[dict[str, str]]
    events: list[StackEvent]


def prepare(
    text: str, source: str, base_dir: Path, region: str, given: Mapping[str, str]
) -> Prepared:
    original = parse(text, source)
    parameters = resolve_parameters(original, given)
    template = translate(original, base_dir, parameters, region) if is_sam(original) else original
    resources = template.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise TemplateError("a template needs at least one resource", where=f"{source}: Resources")
    known = provisioners()
    unsupported = sorted(
        f"{logical_id} ({resource.get('Type')})"
        for logical_id, resource in resources.items()
        if resource.get("Type") not in known
    )
    if unsupported:
        raise TemplateError(
            f"fourbeat does not provision these resource types yet: {', '.join(unsupported)}",
            where=f"{source}: Resources",
            fix=f"Supported types: {', '.join(sorted(known))}.",
        )
    return Prepared(original, template, parameters, creation_order(resources))


@dataclass
class Deployment:
    prepared: Prepared
    ctx: Context
    now: Callable[[], float]
    events: list[StackEvent] = field(default_factory=list)
    resources: dict[str, StackResource] = field(default_factory=dict)

    def __post_init__(self) -> None:
        template = self.prepared.template
        self.resolver = Resolver(
            pseudo=pseudo_parameters(self.ctx),
            parameters=self.prepared.parameters,
            mappings=template.get("Mappings", {}) or {},
            conditions=template.get("Conditions", {}) or {},
            ref=self._ref,
            getatt=self._getatt,
        )

    def stack_event(self, status: str, reason: str | None = None) -> None:
        self.events.append(
            StackEvent(
                self.ctx.stack_name, self.ctx.stack_id, STACK_TYPE, status, self.now(), reason
            )
        )

    def create(self) -> Outcome:
        self.stack_event("CREATE_IN_PROGRESS", "User Initiated")
        for logical_id in self.prepared.order:
            failure = self._create_one(logical_id)
            if failure is not None:
                return self._roll_back(f"The following resource(s) failed to create: [{failure}].")
        try:
            outputs = self._outputs()
        except FourbeatError as exc:
            return self._roll_back(exc.describe())
        self.stack_event("CREATE_COMPLETE")
        return Outcome("CREATE_COMPLETE", None, list(self.resources.values()), outputs, self.events)

    def _create_one(self, logical_id: str) -> str | None:
        """Create one resource; its logical id if it failed."""
        resource = self.prepared.template["Resources"][logical_id]
        kind = resource["Type"]
        if "Condition" in resource and not self.resolver.condition(
            resource["Condition"], f"Resources.{logical_id}.Condition"
        ):
            return None
        self._event(logical_id, "", kind, "CREATE_IN_PROGRESS")
        try:
            props = self.resolver.resolve(
                resource.get("Properties", {}), f"Resources.{logical_id}.Properties"
            )
            created = provisioners()[kind].create(self.ctx, logical_id, props)
        except (ClientError, BotoCoreError, FourbeatError) as exc:
            self._event(logical_id, "", kind, "CREATE_FAILED", failure_reason(exc))
            return logical_id
        retain = resource.get("DeletionPolicy") == "Retain"
        self.resources[logical_id] = StackResource(
            logical_id, kind, created.physical_id, "CREATE_COMPLETE", self.now(), props,
            created.attributes, retain,
        )  # fmt: skip
        self._event(logical_id, created.physical_id, kind, "CREATE_COMPLETE")
        return None

    def _roll_back(self, reason: str) -> Outcome:
        self.stack_event("ROLLBACK_IN_PROGRESS", reason)
        delete_resources(self, list(self.resources.values()), honour_retain=False)
        self.stack_event("ROLLBACK_COMPLETE")
        return Outcome("ROLLBACK_COMPLETE", reason, [], [], self.events)

    def _event(
        self, logical_id: str, physical_id: str, kind: str, status: str, reason: str | None = None
    ) -> None:
        self.events.append(StackEvent(logical_id, physical_id, kind, status, self.now(), reason))

    def _outputs(self) -> list[dict[str, str]]:
        outputs = []
        for key, output in (self.prepared.template.get("Outputs", {}) or {}).items():
            path = f"Outputs.{key}"
            if "Condition" in output and not self.resolver.condition(output["Condition"], path):
                continue
            entry = {"OutputKey": key, "OutputValue": self.resolver.string(output["Value"], path)}
            if "Description" in output:
                entry["Description"] = str(output["Description"])
            if "Export" in output:
                entry["ExportName"] = self.resolver.string(output["Export"]["Name"], path)
            outputs.append(entry)
        return outputs

    def _existing(self, name: str, path: str) -> StackResource:
        if name in self.resources:
            return self.resources[name]
        if name in self.prepared.template["Resources"]:
            raise TemplateError(f"{name!r} was not created (its condition is false)", where=path)
        raise TemplateError(f"{name!r} is not a parameter or resource", where=path)

    def _ref(self, name: str, path: str) -> Any:
        return self._existing(name, path).physical_id

    def _getatt(self, name: str, attribute: str, path: str) -> Any:
        resource = self._existing(name, path)
        if attribute not in resource.attributes:
            known = ", ".join(sorted(resource.attributes)) or "none"
            raise TemplateError(
                f"{resource.type} has no attribute {attribute!r} (it has: {known})", where=path
            )
        return resource.attributes[attribute]


def delete_resources(
    deployment: Deployment | StackDeletion, resources: list[StackResource], *, honour_retain: bool
) -> bool:
    """Delete in reverse creation order; False if any deletion failed."""
    ok = True
    known = provisioners()
    for resource in reversed(resources):
        kind, logical_id, physical_id = resource.type, resource.logical_id, resource.physical_id
        if honour_retain and resource.retain:
            deployment._event(logical_id, physical_id, kind, "DELETE_SKIPPED")
            continue
        deployment._event(logical_id, physical_id, kind, "DELETE_IN_PROGRESS")
        created = Created(physical_id, resource.attributes)
        try:
            known[kind].delete(deployment.ctx, created, resource.properties)
        except (ClientError, BotoCoreError, FourbeatError) as exc:
            deployment._event(logical_id, physical_id, kind, "DELETE_FAILED", failure_reason(exc))
            ok = False
            continue
        deployment._event(logical_id, physical_id, kind, "DELETE_COMPLETE")
    return ok


@dataclass
class StackDeletion:
    ctx: Context
    now: Callable[[], float]
    events: list[StackEvent] = field(default_factory=list)

    def _event(
        self, logical_id: str, physical_id: str, kind: str, status: str, reason: str | None = None
    ) -> None:
        self.events.append(StackEvent(logical_id, physical_id, kind, status, self.now(), reason))

    def delete(self, resources: list[StackResource]) -> str:
        stack = (self.ctx.stack_name, self.ctx.stack_id, STACK_TYPE)
        self._event(*stack, "DELETE_IN_PROGRESS", "User Initiated")
        status = (
            "DELETE_COMPLETE"
            if delete_resources(self, resources, honour_retain=True)
            else ("DELETE_FAILED")
        )
        self._event(*stack, status)
        return status


def failure_reason(exc: Exception) -> str:
    """The reason CloudFormation's event gives: the service's own error code and message."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        return f"{error.get('Code')}: {error.get('Message')}"
    if isinstance(exc, FourbeatError):
        return exc.describe()
    return str(exc)


def pseudo_parameters(ctx: Context) -> dict[str, Any]:
    """https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html"""
    return {
        "AWS::AccountId": ctx.account,
        "AWS::Region": ctx.region,
        "AWS::StackName": ctx.stack_name,
        "AWS::StackId": ctx.stack_id,
        "AWS::Partition": ctx.partition,
        "AWS::URLSuffix": "amazonaws.com.cn" if ctx.partition == "aws-cn" else "amazonaws.com",
        "AWS::NotificationARNs": [],
    }
