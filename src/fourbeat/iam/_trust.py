"""Whether a role's trust policy lets an AWS service assume it (``states.amazonaws.com``).

Services check this when a role is handed to them (CreateStateMachine, CreateFunction), as AWS
does. The check reads the policy's statements for ``sts:AssumeRole`` by the service principal
(its global or regional name): an Allow is needed and an explicit Deny wins. Conditions are not
evaluated here; the full evaluator belongs to the authorization point.
"""

from __future__ import annotations

import fnmatch
from typing import Any


def trusts_service(policy: dict[str, Any], service: str, region: str) -> bool:
    """``service`` is the principal's short name (``states``)."""
    names = {f"{service}.amazonaws.com", f"{service}.{region}.amazonaws.com"}
    allowed = False
    for statement in _listed(policy.get("Statement")):
        if not (_names_service(statement, names) and _assumes(statement)):
            continue
        if statement.get("Effect") == "Deny":
            return False
        allowed = allowed or statement.get("Effect") == "Allow"
    return allowed


def _names_service(statement: dict[str, Any], names: set[str]) -> bool:
    principal = statement.get("Principal")
    if principal == "*":
        return True
    services = principal.get("Service") if isinstance(principal, dict) else None
    return any(s in names for s in _listed(services))


def _assumes(statement: dict[str, Any]) -> bool:
    # IAM wildcards are * and ? only: brackets are literal, unlike fnmatch's.
    return any(
        fnmatch.fnmatchcase("sts:assumerole", str(action).lower().replace("[", "[[]"))
        for action in _listed(statement.get("Action"))
    )


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
