"""Table rows for the policy-type tests: who asks, which policies apply, what AWS decides."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from _eval_helpers import OBJECT, policy, statement

from fourbeat.iam import (
    Decision,
    Outcome,
    PolicySet,
    PolicyType,
    Principal,
    Request,
    ServicePrincipal,
    evaluate,
)

ALLOW = [statement()]
DENY = [statement("Deny")]
NOTHING = [statement(action="sqs:*")]
IDN, R, B, S = PolicyType.IDENTITY, PolicyType.RESOURCE, PolicyType.BOUNDARY, PolicyType.SESSION
A, XD, ID = Outcome.ALLOW, Outcome.EXPLICIT_DENY, Outcome.IMPLICIT_DENY


def grant(principal: Any, effect: str = "Allow", action: str = "*") -> list[dict[str, Any]]:
    return [statement(effect, action=action, Principal=principal)]


def aws(*names: str) -> dict[str, Any]:
    return {"AWS": list(names)}


@dataclass(frozen=True)
class Case:
    id: str
    principal: Principal | ServicePrincipal
    identity: list[dict[str, Any]] | None = None
    resource: list[dict[str, Any]] | None = None
    boundary: list[dict[str, Any]] | None = None
    session: list[dict[str, Any]] | None = None
    resource_account: str | None = None
    must_allow: bool = False
    action: str = "s3:GetObject"
    outcome: Outcome = A
    decided_by: PolicyType | None = IDN


def decide(case: Case) -> Decision:
    def compiled(statements: list[dict[str, Any]] | None, name: str) -> Any:
        return None if statements is None else policy(*statements, name=name)

    policies = PolicySet(
        identity=() if case.identity is None else (compiled(case.identity, "identity"),),
        resource=compiled(case.resource, "resource"),
        boundary=compiled(case.boundary, "boundary"),
        session=() if case.session is None else (compiled(case.session, "session"),),
        resource_must_allow=case.must_allow,
    )
    request = Request(case.principal, case.action, OBJECT, case.resource_account)
    return evaluate(request, policies)


def case_ids(cases: list[Case]) -> list[str]:
    return [case.id for case in cases]
