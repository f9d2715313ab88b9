"""Principals, policies and one-line evaluations shared by the evaluation tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fourbeat.iam import (
    CompiledPolicy,
    Decision,
    PolicyKind,
    PolicySet,
    Principal,
    Request,
    ServicePrincipal,
    compile_policy,
    evaluate,
)
from fourbeat.iam._requests import ContextValue

ACCOUNT = "111122223333"
OTHER = "444455556666"

USER = Principal(
    f"arn:aws:iam::{ACCOUNT}:user/alice",
    ACCOUNT,
    "AIDAALICE0000000000",
    tags={"team": "blue", "CostCenter": "42"},
)
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app"
SESSION = Principal(
    f"arn:aws:sts::{ACCOUNT}:assumed-role/app/worker",
    ACCOUNT,
    "AROAAPP000000000000:worker",
    role_arn=ROLE_ARN,
    tags={"team": "red"},
    temporary=True,
    source_identity="alice",
)
ROOT = Principal(f"arn:aws:iam::{ACCOUNT}:root", ACCOUNT, ACCOUNT)
OTHER_USER = Principal(f"arn:aws:iam::{OTHER}:user/bob", OTHER, "AIDABOB000000000000")
OTHER_ROLE_ARN = f"arn:aws:iam::{OTHER}:role/auditor"
OTHER_SESSION = Principal(
    f"arn:aws:sts::{OTHER}:assumed-role/auditor/audit",
    OTHER,
    "AROAAUDITOR00000000:audit",
    role_arn=OTHER_ROLE_ARN,
    temporary=True,
)
S3_SERVICE = ServicePrincipal("s3.amazonaws.com")

BUCKET = "arn:aws:s3:::bucket"
OBJECT = "arn:aws:s3:::bucket/key.txt"


def statement(
    effect: str = "Allow",
    action: str | list[str] = "*",
    resource: str | list[str] = "*",
    **more: Any,
) -> dict[str, Any]:
    """A statement; ``more`` adds elements (``Condition=…``, ``Sid=…``, ``Principal=…``)."""
    out: dict[str, Any] = {"Effect": effect}
    if "NotAction" not in more:
        out["Action"] = action
    if "NotResource" not in more and resource is not None:
        out["Resource"] = resource
    out.update(more)
    return out


def policy(
    *statements: Mapping[str, Any],
    name: str = "policy",
    version: str | None = "2012-10-17",
    kind: PolicyKind | None = None,
) -> CompiledPolicy:
    document: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        document["Version"] = version
    return compile_policy(document, name=name, kind=kind)


def identity_decision(
    statements: Sequence[Mapping[str, Any]] | Mapping[str, Any],
    action: str = "s3:GetObject",
    resource: str = OBJECT,
    context: Mapping[str, ContextValue] | None = None,
    principal: Principal = USER,
    version: str | None = "2012-10-17",
) -> Decision:
    listed = [statements] if isinstance(statements, Mapping) else list(statements)
    request = Request(principal, action, resource, context=dict(context or {}))
    return evaluate(request, PolicySet(identity=(policy(*listed, version=version),)))


def allows(
    statements: Sequence[Mapping[str, Any]] | Mapping[str, Any],
    action: str = "s3:GetObject",
    resource: str = OBJECT,
    context: Mapping[str, ContextValue] | None = None,
    principal: Principal = USER,
    version: str | None = "2012-10-17",
) -> bool:
    """Whether identity-based ``statements`` alone allow the request."""
    return identity_decision(statements, action, resource, context, principal, version).allowed


def condition_holds(
    condition: Mapping[str, Any],
    context: Mapping[str, ContextValue] | None = None,
    principal: Principal = USER,
    version: str | None = "2012-10-17",
) -> bool:
    """Whether an Allow statement with this ``Condition`` applies to a request with ``context``."""
    return allows(
        statement(Condition=condition), context=context, principal=principal, version=version
    )
