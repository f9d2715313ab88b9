"""The single authorization point every call passes through.

``authorize(principal, actions, resources, context)`` receives what AWS's policy evaluation
would: the IAM actions of the operation, the resource ARNs and the request's condition keys.
Policy evaluation itself is not here yet: each request is recorded (so tests can assert exactly
what a call needs) and allowed.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fourbeat.iam._actions import action_exists
from fourbeat.iam._principal import Principal

RECORD_LIMIT = 100_000


@dataclass(frozen=True)
class AuthRequest:
    principal: str
    """The caller's ARN."""
    action: str
    resource: str
    context: Mapping[str, object] = field(default_factory=dict)


class Authorizer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: deque[AuthRequest] = deque(maxlen=RECORD_LIMIT)
        """The most recent authorization requests, oldest first."""

    def authorize(
        self,
        principal: Principal,
        actions: Sequence[str],
        resources: Sequence[str],
        context: Mapping[str, object] | None = None,
    ) -> None:
        for action in actions:
            if not action_exists(action):
                raise ValueError(f"{action} is not an IAM action AWS defines")
        ctx = dict(context or {})
        with self._lock:
            for action in actions:
                for resource in resources:
                    self.requests.append(AuthRequest(principal.arn, action, resource, ctx))

    def pairs(self) -> list[tuple[str, str]]:
        """The recorded ``(action, resource)`` pairs, oldest first."""
        with self._lock:
            return [(r.action, r.resource) for r in self.requests]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
