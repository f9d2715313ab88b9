"""The policy simulator: SimulateCustomPolicy and SimulatePrincipalPolicy, answered by the same
evaluation that decides every call, with the statements that matched and where they are.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.iam import (
    CompiledPolicy,
    Decision,
    Outcome,
    PolicySet,
    PolicyType,
    Principal,
    Request,
    StatementRef,
    compile_policy,
    evaluate,
)
from fourbeat.services._base import Params, Response
from fourbeat.services._base import Request as ServiceRequest
from fourbeat.services.iam._common import IamBase, no_such_entity

_DECISIONS = {
    Outcome.ALLOW: "allowed",
    Outcome.EXPLICIT_DENY: "explicitDeny",
    Outcome.IMPLICIT_DENY: "implicitDeny",
}
_SOURCE = re.compile(r"^arn:aws:iam::(\d{12}):(user|role)(/.*/|/)([\w+=,.@-]+)$")


class Simulation(IamBase):
    def SimulateCustomPolicy(self, request: ServiceRequest, params: Params) -> Response:
        self.authorize(request, "iam:SimulateCustomPolicy", "*")
        identity = _compiled(params.get("PolicyInputList", []), "PolicyInputList")
        boundaries = _compiled(
            params.get("PermissionsBoundaryPolicyInputList", []),
            "PermissionsBoundaryPolicyInputList",
        )
        policies = PolicySet(identity=identity, boundary=boundaries[0] if boundaries else None)
        caller = self._caller(params.get("CallerArn"), request.principal)
        return self._simulate(caller, policies, params, None)

    def SimulatePrincipalPolicy(self, request: ServiceRequest, params: Params) -> Response:
        source = params["PolicySourceArn"]
        self.authorize(request, "iam:SimulatePrincipalPolicy", source)
        principal = self._source_principal(source)
        policies = self.env.authorizer.policies.of(principal)
        extra = _compiled(params.get("PolicyInputList", []), "PolicyInputList")
        policies = replace(policies, identity=policies.identity + extra)
        caller = self._caller(params.get("CallerArn"), principal)
        owner_kind = "role" if ":role/" in principal.arn else "user"
        return self._simulate(caller, policies, params, owner_kind)

    def _simulate(
        self,
        caller: Principal,
        policies: PolicySet,
        params: Params,
        owner_kind: str | None,
    ) -> Response:
        """``owner_kind``: ``user`` or ``role`` when the policies are a principal's own."""
        resource_policy = params.get("ResourcePolicy")
        if resource_policy:
            policies = replace(
                policies, resource=compile_policy(resource_policy, name="ResourcePolicy")
            )
        texts = _texts(params)
        context = _context(params.get("ContextEntries", []))
        results = []
        for action in params["ActionNames"]:
            for resource in params.get("ResourceArns") or ["*"]:
                owner = params.get("ResourceOwner", "").split(":")[4:5] or [None]
                ask = Request(caller, action, resource, owner[0] or None, context)
                decision = evaluate(ask, policies, explain=True)
                results.append(_result(action, resource, decision, policies, texts, owner_kind))
        return {"EvaluationResults": results, "IsTruncated": False}

    def _caller(self, caller_arn: str | None, default: Principal) -> Principal:
        if caller_arn is None:
            return default
        return Principal(caller_arn, self.env.account, "")

    def _source_principal(self, arn: str) -> Principal:
        """The user or role whose policies a simulation uses, as a principal IAM knows."""
        match = _SOURCE.match(arn)
        if match is None or match.group(1) != self.env.account:
            raise AwsError("InvalidInputException", f"Invalid ARN: {arn}")
        kind, name = match.group(2), match.group(4)
        table, column = ("iam_users", "user_id") if kind == "user" else ("iam_roles", "role_id")
        row = (
            self.db.read()
            .execute(f"select {column} from {table} where name = ?", (name,))
            .fetchone()
        )
        if row is None:
            raise no_such_entity(f"The {kind} with name {name} cannot be found.")
        return Principal(arn, self.env.account, row[0])


def _compiled(documents: list[str], member: str) -> tuple[CompiledPolicy, ...]:
    return tuple(
        compile_policy(text, name=f"{member}.{i}") for i, text in enumerate(documents, start=1)
    )


def _texts(params: Params) -> dict[str, str]:
    """The documents by the names their statements are reported under."""
    texts = {f"PolicyInputList.{i}": t for i, t in enumerate(params.get("PolicyInputList", []), 1)}
    if params.get("ResourcePolicy"):
        texts["ResourcePolicy"] = params["ResourcePolicy"]
    return texts


def _context(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """ContextEntries as condition keys: list types keep every value, the others the first."""
    context: dict[str, Any] = {}
    for entry in entries:
        values = entry.get("ContextKeyValues", [])
        kind = entry.get("ContextKeyType", "string")
        if kind.endswith("List"):
            context[entry["ContextKeyName"]] = values
        elif values:
            value = values[0]
            context[entry["ContextKeyName"]] = (
                value.lower() == "true" if kind == "boolean" else value
            )
    return context


def _result(
    action: str,
    resource: str,
    decision: Decision,
    policies: PolicySet,
    texts: dict[str, str],
    owner_kind: str | None,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "EvalActionName": action,
        "EvalResourceName": resource,
        "EvalDecision": _DECISIONS[decision.outcome],
        "MatchedStatements": [_statement(ref, texts, owner_kind) for ref in decision.matched],
        "MissingContextValues": list(decision.missing_keys),
    }
    if policies.boundary is not None:
        boundary_allows = any(
            t.matched and t.effect == "Allow" and t.statement.policy_type is PolicyType.BOUNDARY
            for t in decision.trace
        )
        result["PermissionsBoundaryDecisionDetail"] = {
            "AllowedByPermissionsBoundary": boundary_allows
        }
    return result


def _statement(ref: StatementRef, texts: dict[str, str], owner_kind: str | None) -> dict[str, Any]:
    """A matched statement: its policy (SourcePolicyType: the owner's inline policy,
    ``user-managed`` for a customer managed one, ``resource``) and where it is."""
    shown: dict[str, Any] = {"SourcePolicyId": ref.policy}
    if ref.policy_type is PolicyType.RESOURCE:
        shown["SourcePolicyType"] = "resource"
    elif owner_kind is not None and not ref.policy.startswith("PolicyInputList."):
        shown["SourcePolicyType"] = "user-managed" if ref.policy.startswith("arn:") else owner_kind
    text = texts.get(ref.policy)
    if text is not None:
        positions = statement_positions(text)
        if ref.index < len(positions):
            (line, column), (end_line, end_column) = positions[ref.index]
            shown["StartPosition"] = {"Line": line, "Column": column}
            shown["EndPosition"] = {"Line": end_line, "Column": end_column}
    return shown


def statement_positions(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where each statement of a policy document starts and ends, as (line, column) pairs
    counted from 1: the object or objects of its ``Statement`` member."""
    decoder = json.JSONDecoder()
    key = re.search(r'"Statement"\s*:\s*', text)
    if key is None:
        return []
    start = key.end()
    spans: list[tuple[int, int]] = []
    if text[start] == "{":
        spans.append((start, decoder.raw_decode(text, start)[1]))
    elif text[start] == "[":
        at = start + 1
        while True:
            at = _skip_space_and_commas(text, at)
            if at >= len(text) or text[at] == "]":
                break
            end = decoder.raw_decode(text, at)[1]
            spans.append((at, end))
            at = end
    return [(_line_column(text, a), _line_column(text, b)) for a, b in spans]


def _skip_space_and_commas(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n,":
        at += 1
    return at


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
