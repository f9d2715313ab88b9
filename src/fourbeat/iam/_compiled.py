"""A policy document compiled once into immutable matchers, and how one statement meets a request.

``compile_policy`` validates a document with ``_policy_documents`` (IAM's own checks and
messages) and turns every statement into a ``CompiledStatement``: actions (case-insensitive) and
resources (case-sensitive ARNs) as exact names plus one regular expression, principals as sets,
conditions as prepared tests. Statements are indexed by the service prefixes their ``Action``
can match, so a request only meets the statements that may concern its service.

Policy variables are resolved only in documents of the 2012-10-17 language, and in ``Resource``
as in conditions a pattern whose variable has no value matches nothing:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

Depends on ``_policy_documents``, ``_matching``, ``_variables``, ``_conditions``,
``_principal_element``, ``_requests`` and ``_decisions``.
"""

from __future__ import annotations

import json
import re
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from fourbeat.iam._conditions import Test, compile_conditions
from fourbeat.iam._decisions import Mismatch
from fourbeat.iam._matching import Names, Pieces, arn_glob, compiled, is_literal, names
from fourbeat.iam._policy_documents import PolicyKind, parse_policy, validate_policy
from fourbeat.iam._principal_element import PrincipalElement, principal_element
from fourbeat.iam._requests import RequestContext
from fourbeat.iam._variables import VARIABLES_VERSION, Template, template

_MISMATCH = {name: Mismatch(name) for name in ("Action", "NotAction", "Resource", "NotResource")}


@dataclass(frozen=True)
class ResourceElement:
    fixed: Names
    templates: tuple[Template, ...] = ()

    def match(self, resource: str, ctx: RequestContext) -> bool | None:
        """Whether a pattern matches; None: none does and a variable had no value."""
        if self.fixed.matches(resource):
            return True
        unresolved = False
        for pattern in self.templates:
            pieces = pattern.resolve(ctx.variable)
            if pieces is None:
                unresolved = True
            elif _resource_pattern(pieces).match(resource):
                return True
        return None if unresolved else False


@lru_cache(maxsize=4096)
def _resource_pattern(pieces: Pieces) -> re.Pattern[str]:
    return compiled(arn_glob(pieces, span=True))


@dataclass(frozen=True)
class CompiledStatement:
    index: int
    sid: str | None
    allow: bool
    actions: Names
    not_action: bool
    resource: ResourceElement | None
    """None where the statement names no resource (a trust policy)."""
    not_resource: bool
    principal: PrincipalElement | None
    not_principal: bool
    conditions: tuple[Test, ...]
    services: frozenset[str] | None
    """The service prefixes ``Action`` can match; None: any (a wildcard vendor, NotAction)."""

    @property
    def effect(self) -> str:
        return "Allow" if self.allow else "Deny"

    def mismatch(self, ctx: RequestContext) -> Mismatch | None:
        """The ``Action``/``Resource`` element that keeps this statement off the request."""
        if self.actions.matches(ctx.action) == self.not_action:
            return _MISMATCH["NotAction" if self.not_action else "Action"]
        if self.resource is None:
            return None
        found = self.resource.match(ctx.request.resource, ctx)
        if self.not_resource:
            return None if found is False else _MISMATCH["NotResource"]
        return None if found else _MISMATCH["Resource"]

    def failed_condition(self, ctx: RequestContext) -> Test | None:
        """The first condition that does not hold; every condition is tested."""
        failed = None
        for test in self.conditions:
            if not test.holds(ctx) and failed is None:
                failed = test
        return failed


@dataclass(frozen=True, eq=False)
class CompiledPolicy:
    """A compiled document; compared and hashed by identity, so it can key a cache."""

    name: str
    version: str | None
    statements: tuple[CompiledStatement, ...]
    _by_service: Mapping[str, tuple[CompiledStatement, ...]] = field(repr=False)
    _any_service: tuple[CompiledStatement, ...] = field(repr=False)

    def candidates(self, service: str) -> tuple[CompiledStatement, ...]:
        """The statements whose ``Action`` may match an action of ``service`` (lower case)."""
        return self._by_service.get(service, self._any_service)


def compile_policy(
    document: str | Mapping[str, Any], *, name: str = "", kind: PolicyKind | None = None
) -> CompiledPolicy:
    """Validate and compile a policy; ``kind``: the IAM checks for that kind of policy, None for
    the checks every policy shares (a resource-based policy of another service)."""
    text = document if isinstance(document, str) else json.dumps(document)
    return _compile(text, name, kind)


@lru_cache(maxsize=1024)
def _compile(text: str, name: str, kind: PolicyKind | None) -> CompiledPolicy:
    parsed = parse_policy(text) if kind is None else validate_policy(text, kind)
    version = parsed.get("Version")
    raw = parsed["Statement"]
    variables = version == VARIABLES_VERSION
    statements = tuple(
        _statement(i, s, variables=variables)
        for i, s in enumerate([raw] if isinstance(raw, dict) else raw)
    )
    by_service, any_service = _index(statements)
    return CompiledPolicy(
        name, version, statements, types.MappingProxyType(by_service), any_service
    )


def _statement(index: int, raw: Mapping[str, Any], *, variables: bool) -> CompiledStatement:
    actions = _listed(raw.get("Action", raw.get("NotAction")))
    lowered = [action.lower() for action in actions]
    resources = raw.get("Resource", raw.get("NotResource"))
    principal = raw.get("Principal", raw.get("NotPrincipal"))
    return CompiledStatement(
        index=index,
        sid=raw.get("Sid"),
        allow=raw["Effect"] == "Allow",
        actions=names(((action, True),) for action in lowered),
        not_action="NotAction" in raw,
        resource=None if resources is None else _resources(_listed(resources), variables),
        not_resource="NotResource" in raw,
        principal=None if principal is None else principal_element(principal),
        not_principal="NotPrincipal" in raw,
        conditions=compile_conditions(raw.get("Condition", {}), variables=variables),
        services=None if "NotAction" in raw else _services(lowered),
    )


def _resources(patterns: list[str], variables: bool) -> ResourceElement:
    parsed = [template(pattern, variables=variables) for pattern in patterns]
    fixed = [pieces for t in parsed if (pieces := t.fixed) is not None]
    templated = tuple(t for t in parsed if t.fixed is None)
    return ResourceElement(names(fixed, arn=True), templated)


def _services(actions: Iterable[str]) -> frozenset[str] | None:
    services = set()
    for action in actions:
        service = action.partition(":")[0]
        if not is_literal(service):
            return None
        services.add(service)
    return frozenset(services)


def _index(
    statements: tuple[CompiledStatement, ...],
) -> tuple[dict[str, tuple[CompiledStatement, ...]], tuple[CompiledStatement, ...]]:
    """Statements by service prefix (in policy order), and those for any service."""
    named = {service for s in statements for service in s.services or ()}
    by_service = {
        service: tuple(s for s in statements if s.services is None or service in s.services)
        for service in named
    }
    return by_service, tuple(s for s in statements if s.services is None)


def _listed(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
