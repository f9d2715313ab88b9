"""The ``Principal`` and ``NotPrincipal`` elements of resource-based policies and trust policies.

A principal is named exactly, never by a partial wildcard: ``"*"`` (everyone, anonymous callers
included), an account (``123456789012`` or ``arn:aws:iam::123456789012:root``, which delegates
to that account's own policies and does not mean only its root user), a user, a role, a role
session (``arn:aws:sts::…:assumed-role/ROLE/SESSION``), a unique ID (IAM stores a trust
policy's users and roles as ``AIDA…``/``AROA…``) or a service (``s3.amazonaws.com``).
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

How a statement names the caller matters to evaluation, so a match says which: ``DIRECT`` (the
user or the session itself, or everyone), ``ROLE`` (the role behind a session) or ``ACCOUNT``.

``NotPrincipal`` exempts a caller only when every level of it is listed: its account, its role
and its session for a role session; its account and the user for a user. AWS checks each level,
and a level left out is denied:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html

Depends on ``_principal`` and ``_requests``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fourbeat.iam._principal import Principal
from fourbeat.iam._requests import ServicePrincipal

_ACCOUNT = re.compile(r"\d{12}")
_ROOT = re.compile(r"arn:[^:]+:iam::(\d{12}):root")


class Grant(enum.Enum):
    DIRECT = "direct"
    ROLE = "role"
    ACCOUNT = "account"


@dataclass(frozen=True)
class PrincipalElement:
    everyone: bool = False
    accounts: frozenset[str] = frozenset()
    arns: frozenset[str] = frozenset()
    """Users, roles and role sessions, exactly as written (names are case-sensitive)."""
    unique_ids: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()

    def grant(self, caller: Principal | ServicePrincipal) -> Grant | None:
        """How this element names the caller, or None where it does not."""
        if self.everyone:
            return Grant.DIRECT
        if isinstance(caller, ServicePrincipal):
            return Grant.DIRECT if caller.name.lower() in self.services else None
        unique_id, _, session = caller.user_id.partition(":")
        if caller.arn in self.arns or (not session and unique_id in self.unique_ids):
            return Grant.DIRECT
        if caller.role_arn is not None and (
            caller.role_arn in self.arns or unique_id in self.unique_ids
        ):
            return Grant.ROLE
        return Grant.ACCOUNT if caller.account in self.accounts else None

    def lists_every_level(self, caller: Principal | ServicePrincipal) -> bool:
        """Whether ``NotPrincipal`` exempts the caller: every level of it is named."""
        if self.everyone:
            return True
        if isinstance(caller, ServicePrincipal):
            return caller.name.lower() in self.services
        unique_id, _, session = caller.user_id.partition(":")
        levels = [caller.account in self.accounts]
        if caller.role_arn is not None:
            levels.append(caller.role_arn in self.arns or unique_id in self.unique_ids)
            levels.append(caller.arn in self.arns)
        elif caller.arn.split(":", 5)[-1] != "root":
            levels.append(caller.arn in self.arns or (not session and unique_id in self.unique_ids))
        return all(levels)


def principal_element(value: str | Mapping[str, Any]) -> PrincipalElement:
    """Compile a (validated) ``Principal`` or ``NotPrincipal`` value."""
    if value == "*":
        return PrincipalElement(everyone=True)
    assert isinstance(value, Mapping), "validate the policy first"
    everyone = False
    accounts: set[str] = set()
    arns: set[str] = set()
    unique_ids: set[str] = set()
    for name in _listed(value.get("AWS")):
        if name == "*":
            everyone = True
        elif _ACCOUNT.fullmatch(name):
            accounts.add(name)
        elif root := _ROOT.fullmatch(name):
            accounts.add(root.group(1))
        elif name.startswith("arn:"):
            arns.add(name)
        else:
            unique_ids.add(name)
    services = frozenset(name.lower() for name in _listed(value.get("Service")))
    return PrincipalElement(
        everyone, frozenset(accounts), frozenset(arns), frozenset(unique_ids), services
    )


def _listed(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
