"""What an evaluation answers: the decision, which policy type made it, and why.

A ``Decision`` says Allow, ExplicitDeny or ImplicitDeny, the policy type that decided (the one
AWS would name in its error message), the statements that matched, the condition keys the
request lacked, and, when asked for, a trace of every statement considered with the element
that made it not match: what ``fourbeat iam explain`` prints.

Depends on nothing in fourbeat.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class PolicyType(enum.Enum):
    IDENTITY = "identity-based policy"
    RESOURCE = "resource-based policy"
    BOUNDARY = "permissions boundary"
    SESSION = "session policy"


class Outcome(enum.Enum):
    ALLOW = "Allow"
    EXPLICIT_DENY = "ExplicitDeny"
    IMPLICIT_DENY = "ImplicitDeny"


@dataclass(frozen=True)
class StatementRef:
    """One statement of one policy: the policy's type and name, its index and ``Sid``."""

    policy_type: PolicyType
    policy: str
    index: int
    sid: str | None


@dataclass(frozen=True)
class Mismatch:
    """The element that kept a statement from applying: ``Action``, ``NotAction``,
    ``Resource``, ``NotResource``, ``Principal``, ``NotPrincipal`` or ``Condition`` (with the
    operator and key of the first condition that was false)."""

    element: str
    operator: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class StatementTrace:
    statement: StatementRef
    effect: str
    """``Allow`` or ``Deny``."""
    mismatch: Mismatch | None
    """None: the statement applied to the request."""

    @property
    def matched(self) -> bool:
        return self.mismatch is None


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    decided_by: PolicyType | None
    """The policy type that allowed or denied; None for the root user's own-account access."""
    matched: tuple[StatementRef, ...] = ()
    """Every statement that applied, Allow and Deny alike."""
    missing_keys: tuple[str, ...] = ()
    """Condition keys that statements otherwise applying asked for and the request lacked."""
    trace: tuple[StatementTrace, ...] = ()
    """Every statement considered, in order; filled only when the evaluation is explained."""
    resource_required: bool = False
    """Whether the resource-based policy had to allow by itself (a role trust policy)."""

    @property
    def allowed(self) -> bool:
        return self.outcome is Outcome.ALLOW
