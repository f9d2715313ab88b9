"""The decision: AWS's policy evaluation logic over compiled policies.

Every applicable policy is read for an explicit ``Deny`` first; one anywhere decides. Then:

- Within one account, an identity-based policy or a resource-based policy may allow. A
  permissions boundary and session policies limit what identity-based policies grant. How far
  they limit a resource-based policy depends on whom its statement names: the IAM user or the
  role session itself (or ``*``) is granted directly, whatever the boundary or session policy
  says; the role behind a session is still limited by them; naming the account delegates to the
  account's own identity-based policies, which must then allow.
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- Role trust policies are resource-based policies that must allow the caller themselves, even
  within the account (``PolicySet.resource_must_allow``).
- Across accounts, the identity side (identity-based policies, boundary, session policies) and
  the resource-based policy must both allow.
  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
- The account's root user may do anything in its own account that no policy explicitly denies.
- Session policies apply to role sessions only; a session without any allows what its role does.
- A ``Deny`` with ``NotPrincipal`` denies every principal that has a permissions boundary,
  whatever the ``NotPrincipal`` lists:
  https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html

Depends on ``_compiled``, ``_principal_element``, ``_requests`` and ``_decisions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from fourbeat.iam._compiled import CompiledPolicy, CompiledStatement
from fourbeat.iam._decisions import (
    Decision,
    Mismatch,
    Outcome,
    PolicyType,
    StatementRef,
    StatementTrace,
)
from fourbeat.iam._principal_element import Grant
from fourbeat.iam._requests import Request, RequestContext, ServicePrincipal

_DENY_ORDER = (PolicyType.IDENTITY, PolicyType.RESOURCE, PolicyType.BOUNDARY, PolicyType.SESSION)
_SESSION_PRINCIPALS = ("AssumedRole", "FederatedUser")
_PRINCIPAL = Mismatch("Principal")
_NOT_PRINCIPAL = Mismatch("NotPrincipal")


@dataclass(frozen=True)
class PolicySet:
    """The policies that apply to one request."""

    identity: tuple[CompiledPolicy, ...] = ()
    """The principal's identity-based policies (inline, managed, its groups')."""
    resource: CompiledPolicy | None = None
    """The resource's policy (a bucket or queue policy, a role's trust policy)."""
    boundary: CompiledPolicy | None = None
    """The permissions boundary of the user or of the session's role."""
    session: tuple[CompiledPolicy, ...] = ()
    """The session policies a role session was created with (inline and managed)."""
    resource_must_allow: bool = False
    """The resource-based policy must allow by itself (a role trust policy for AssumeRole)."""


class _Tally(NamedTuple):
    allow: bool
    deny: bool
    grants: frozenset[Grant]


_NOTHING = _Tally(allow=False, deny=False, grants=frozenset())


class _Scan:
    """Meets the request with every policy, keeping what the decision reports."""

    def __init__(self, ctx: RequestContext, explain: bool) -> None:
        self.ctx = ctx
        self.explain = explain
        self.matched: list[StatementRef] = []
        self.trace: list[StatementTrace] = []
        self.missing: dict[str, None] = {}

    def tally(self, kind: PolicyType, policies: tuple[CompiledPolicy, ...]) -> _Tally:
        allow = deny = False
        grants: set[Grant] = set()
        # Explaining shows every statement; deciding needs only those the index may match,
        # and skips at once those whose Action does not.
        explain, action = self.explain, self.ctx.action
        for policy in policies:
            statements = policy.statements if explain else policy.candidates(self.ctx.service)
            for statement in statements:
                if not explain and statement.actions.matches(action) == statement.not_action:
                    continue
                applies, grant = self._applies(kind, policy, statement)
                if not applies:
                    continue
                if not statement.allow:
                    deny = True
                    continue
                allow = True
                if grant is not None:
                    grants.add(grant)
        return _Tally(allow, deny, frozenset(grants))

    def _applies(
        self, kind: PolicyType, policy: CompiledPolicy, statement: CompiledStatement
    ) -> tuple[bool, Grant | None]:
        """Whether the statement applies, and how it names the caller (resource policies)."""
        mismatch = statement.mismatch(self.ctx)
        grant = None
        if mismatch is None and kind is PolicyType.RESOURCE:
            grant, mismatch = self._principal(statement)
        if mismatch is None and statement.conditions:
            mismatch = self._conditions(statement)
        if self.explain:
            ref = StatementRef(kind, policy.name, statement.index, statement.sid)
            self.trace.append(StatementTrace(ref, statement.effect, mismatch))
        if mismatch is not None:
            return False, None
        self.matched.append(StatementRef(kind, policy.name, statement.index, statement.sid))
        return True, grant

    def _principal(self, statement: CompiledStatement) -> tuple[Grant | None, Mismatch | None]:
        element = statement.principal
        caller = self.ctx.request.principal
        if element is None:
            return None, _PRINCIPAL
        if not statement.not_principal:
            grant = element.grant(caller)
            return grant, None if grant is not None else _PRINCIPAL
        boundary_denied = self.ctx.has_boundary and not statement.allow
        if element.lists_every_level(caller) and not boundary_denied:
            return None, _NOT_PRINCIPAL
        return Grant.DIRECT, None

    def _conditions(self, statement: CompiledStatement) -> Mismatch | None:
        for test in statement.conditions:
            if self.ctx.values(test.key_lower) is None:
                self.missing.setdefault(test.key)
        failed = statement.failed_condition(self.ctx)
        return None if failed is None else Mismatch("Condition", failed.operator, failed.key)


def evaluate(request: Request, policies: PolicySet, *, explain: bool = False) -> Decision:
    """The decision AWS would reach; ``explain``: also trace every statement."""
    ctx = RequestContext(request, has_boundary=policies.boundary is not None)
    scan = _Scan(ctx, explain)
    sessions = policies.session if ctx.kind in _SESSION_PRINCIPALS else ()
    resource, boundary = policies.resource, policies.boundary
    tallies = (
        scan.tally(PolicyType.IDENTITY, policies.identity),
        _NOTHING if resource is None else scan.tally(PolicyType.RESOURCE, (resource,)),
        _NOTHING if boundary is None else scan.tally(PolicyType.BOUNDARY, (boundary,)),
        scan.tally(PolicyType.SESSION, sessions) if sessions else _NOTHING,
    )
    outcome, decided_by = _decide(ctx, policies, tallies, bool(sessions))
    return Decision(
        outcome,
        decided_by,
        tuple(scan.matched),
        tuple(scan.missing),
        tuple(scan.trace),
        policies.resource_must_allow,
    )


Tallies = tuple[_Tally, _Tally, _Tally, _Tally]
"""Identity, resource, boundary and session: the order in which AWS names a deny."""
Verdict = tuple[Outcome, PolicyType | None]


def _decide(ctx: RequestContext, policies: PolicySet, tallies: Tallies, sessions: bool) -> Verdict:
    for kind, tally in zip(_DENY_ORDER, tallies, strict=True):
        if tally.deny:
            return Outcome.EXPLICIT_DENY, kind
    identity, resource, boundary, session = tallies
    caller = ctx.request.principal
    if isinstance(caller, ServicePrincipal):
        return (Outcome.ALLOW if resource.grants else Outcome.IMPLICIT_DENY), PolicyType.RESOURCE
    limit = None
    if policies.boundary is not None and not boundary.allow:
        limit = PolicyType.BOUNDARY
    elif sessions and not session.allow:
        limit = PolicyType.SESSION
    root = ctx.kind == "Account"
    allowed = root or identity.allow
    if ctx.request.resource_account in (None, caller.account):
        return _same_account(policies.resource_must_allow, resource.grants, allowed, root, limit)
    return _cross_account(resource.grants, allowed, limit)


def _same_account(
    must_allow: bool, grants: frozenset[Grant], identity: bool, root: bool, limit: PolicyType | None
) -> Verdict:
    if grants and (Grant.DIRECT in grants or (Grant.ROLE in grants and limit is None)):
        return Outcome.ALLOW, PolicyType.RESOURCE
    if must_allow and not grants:
        return Outcome.IMPLICIT_DENY, PolicyType.RESOURCE
    if root:
        return Outcome.ALLOW, PolicyType.RESOURCE if must_allow else None
    if identity and limit is None:
        return Outcome.ALLOW, PolicyType.RESOURCE if must_allow else PolicyType.IDENTITY
    if not identity and not (grants and Grant.ROLE in grants):
        return Outcome.IMPLICIT_DENY, PolicyType.IDENTITY
    return Outcome.IMPLICIT_DENY, limit


def _cross_account(grants: frozenset[Grant], identity: bool, limit: PolicyType | None) -> Verdict:
    if not identity:
        return Outcome.IMPLICIT_DENY, PolicyType.IDENTITY
    if limit is not None:
        return Outcome.IMPLICIT_DENY, limit
    if not grants:
        return Outcome.IMPLICIT_DENY, PolicyType.RESOURCE
    return Outcome.ALLOW, PolicyType.RESOURCE
