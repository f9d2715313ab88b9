"""The single authorization point every call passes through.

``authorize(principal, actions, resources, context, resource_policy=…)`` receives what AWS's
policy evaluation does: the IAM actions of the operation, the resource ARNs, the request's
condition keys and the resource's own policy (a bucket or queue policy). It evaluates the
principal's policies with it as IAM does and raises ``AccessDeniedError`` (which the service
turns into its own AccessDenied error) on a denial. Every request is also recorded, so tests
and ``fourbeat iam`` can show exactly what a run needed.

Modes: ``enforce`` (AWS's behaviour, the default) and ``soft`` (a denial is logged and the call
goes on: for finding what a pipeline needs before writing its policies).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from fourbeat.iam._actions import action_exists
from fourbeat.iam._compiled import compile_policy
from fourbeat.iam._decisions import Decision
from fourbeat.iam._denials import denial_message
from fourbeat.iam._evaluation import PolicySet, evaluate
from fourbeat.iam._journal import DecisionJournal, Recorded
from fourbeat.iam._principal import Principal
from fourbeat.iam._principal_policies import PrincipalPolicies
from fourbeat.iam._requests import ContextValue, Request

RECORD_LIMIT = 100_000
CACHE_SIZE = 10_000
Mode = Literal["enforce", "soft"]
MODES: tuple[Mode, ...] = ("enforce", "soft")

_log = logging.getLogger("fourbeat.iam")


def _frozen(context: Mapping[str, ContextValue]) -> tuple[tuple[str, Any], ...] | None:
    """The context as a cache key part; None when a value cannot be one."""
    try:
        items = tuple(
            sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in context.items())
        )
        hash(items)
    except TypeError:
        return None
    return items


@dataclass(frozen=True)
class AuthRequest:
    principal: str
    """The caller's ARN."""
    action: str
    resource: str
    context: Mapping[str, object] = field(default_factory=dict)
    allowed: bool = True
    """What IAM decided (in soft mode a denied request still went on)."""


class AccessDeniedError(Exception):
    """IAM denied a request; ``message`` is AWS's wording of why."""

    def __init__(self, request: Request, decision: Decision) -> None:
        self.request = request
        self.decision = decision
        self.message = denial_message(request, decision)
        super().__init__(self.message)


class Authorizer:
    def __init__(
        self,
        policies: PrincipalPolicies,
        mode: Mode = "enforce",
        journal: DecisionJournal | None = None,
        now: Callable[[], float] | None = None,
    ) -> None:
        """``journal`` and ``now``: keep every decision, stamped with the cloud's time."""
        if mode not in MODES:
            raise ValueError(f"IAM mode {mode!r} is not one of {', '.join(MODES)}")
        self._policies = policies
        self.journal = journal
        self._now = now
        self.mode: Mode = mode
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], tuple[Principal, PolicySet, Decision]] = {}
        """Decisions by request; the principal and policy objects are kept alive with them,
        so an id in a key is never another object's."""
        self.requests: deque[AuthRequest] = deque(maxlen=RECORD_LIMIT)
        """The most recent authorization requests, oldest first."""

    @property
    def policies(self) -> PrincipalPolicies:
        """Where a principal's policies come from (SimulatePrincipalPolicy reads them too)."""
        return self._policies

    def authorize(
        self,
        principal: Principal,
        actions: Sequence[str],
        resources: Sequence[str],
        context: Mapping[str, object] | None = None,
        *,
        resource_policy: str | None = None,
        resource_account: str | None = None,
        resource_must_allow: bool = False,
    ) -> None:
        """Raise AccessDeniedError unless every action on every resource is allowed;
        ``resource_must_allow``: the resource policy must allow by itself (a role's trust
        policy for sts:AssumeRole)."""
        for action in actions:
            if not action_exists(action):
                raise ValueError(f"{action} is not an IAM action AWS defines")
        ctx = cast(dict[str, ContextValue], dict(context or {}))
        own = self._policies.of(principal)
        policies = own
        if resource_policy or resource_must_allow:
            policies = replace(
                policies,
                resource=compile_policy(resource_policy) if resource_policy else None,
                resource_must_allow=resource_must_allow,
            )
        frozen = _frozen(ctx)
        for action in actions:
            for resource in resources:
                request = Request(principal, action, resource, resource_account, ctx)
                key = (id(principal), id(own), resource_policy, resource_must_allow, action,
                       resource, resource_account, frozen)  # fmt: skip
                decision = self._decided(key, principal, own, request, policies)
                self._record(AuthRequest(principal.arn, action, resource, ctx, decision.allowed))
                if self.journal is not None and self._now is not None:
                    reason = None if decision.allowed else denial_message(request, decision)
                    entry = Recorded(
                        self._now(), principal.arn, action, resource, decision.allowed, reason
                    )
                    self.journal.add(entry)
                if not decision.allowed:
                    self._deny(request, decision)

    def _decided(
        self,
        key: tuple[Any, ...],
        principal: Principal,
        own: PolicySet,
        request: Request,
        policies: PolicySet,
    ) -> Decision:
        """The decision, from the cache when the same principal (the same object, so the
        same session and tags) asked the same thing under the same policies."""
        cached = self._cache.get(key) if key[-1] is not None else None
        if cached is not None and cached[0] is principal and cached[1] is own:
            return cached[2]
        decision = evaluate(request, policies)
        if key[-1] is not None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = (principal, own, decision)
        return decision

    def _deny(self, request: Request, decision: Decision) -> None:
        denied = AccessDeniedError(request, decision)
        if self.mode == "soft":
            _log.warning("IAM would deny (soft mode, allowed): %s", denied.message)
            return
        raise denied

    def _record(self, request: AuthRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def pairs(self) -> list[tuple[str, str]]:
        """The recorded ``(action, resource)`` pairs, oldest first."""
        with self._lock:
            return [(r.action, r.resource) for r in self.requests]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
