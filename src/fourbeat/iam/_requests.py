"""An authorization request and the context its conditions read.

A ``Request`` is what the service layer knows of a call: who (a ``Principal``, or an AWS
service calling on its own behalf), the IAM action, the resource ARN and its account, and the
condition keys of the request as they come (str, list of str, bool or number). The principal's
own global keys (``aws:username``, ``aws:userid``, ``aws:PrincipalArn``, ``aws:PrincipalTag/*``,
…) are derived here, as AWS derives them, unless the request gives them itself:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
Context keys are case-insensitive:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

Depends on ``_principal`` only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from fourbeat.iam._principal import Principal

ContextValue = str | bool | int | float | bytes | Sequence[str]


@dataclass(frozen=True)
class ServicePrincipal:
    """An AWS service calling on its own behalf (``s3.amazonaws.com`` delivering to a queue)."""

    name: str

    @property
    def arn(self) -> str:
        return self.name


@dataclass(frozen=True)
class Request:
    principal: Principal | ServicePrincipal
    action: str
    """``service:Action``, as the service authorizes it."""
    resource: str = "*"
    """The resource ARN, or ``*`` for actions that name no resource."""
    resource_account: str | None = None
    """The account that owns the resource; None: the principal's own account."""
    context: Mapping[str, ContextValue] = field(default_factory=dict)


def principal_type(principal: Principal) -> str:
    """``aws:PrincipalType``: Account (the root user), User, AssumedRole or FederatedUser."""
    return _type_of(principal.arn)


@lru_cache(maxsize=4096)
def _type_of(arn: str) -> str:
    resource = arn.split(":", 5)[-1]
    if resource == "root":
        return "Account"
    if resource.startswith("assumed-role/"):
        return "AssumedRole"
    if resource.startswith("federated-user/"):
        return "FederatedUser"
    return "User"


def principal_keys(principal: Principal | ServicePrincipal) -> dict[str, ContextValue]:
    """The global condition keys AWS derives from the principal, keyed in lower case."""
    if isinstance(principal, ServicePrincipal):
        return {
            "aws:principalisawsservice": True,
            "aws:principalservicename": principal.name,
        }
    kind = principal_type(principal)
    keys: dict[str, ContextValue] = {
        "aws:principalarn": principal.role_arn or principal.arn,
        "aws:principalaccount": principal.account,
        "aws:principaltype": kind,
        "aws:principalisawsservice": False,
        "aws:userid": principal.account if kind == "Account" else principal.user_id,
    }
    if kind == "User":
        # Only an IAM user has a user name; for a role session aws:username is absent.
        keys["aws:username"] = principal.name
    if principal.source_identity is not None:
        keys["aws:sourceidentity"] = principal.source_identity
    for tag, value in principal.tags.items():
        keys[f"aws:principaltag/{tag.lower()}"] = value
    return keys


class RequestContext:
    """A request as the evaluator reads it: the action in lower case, the principal's type, and
    its context keys normalized (lower-case names, every value a tuple) when a condition first
    asks; the keys derived from the principal only when the request lacks one asked for."""

    __slots__ = ("_derived", "_keys", "action", "has_boundary", "kind", "request", "service")

    def __init__(self, request: Request, *, has_boundary: bool) -> None:
        self.request = request
        self.action = request.action.lower()
        self.service = self.action.partition(":")[0]
        self.has_boundary = has_boundary
        caller = request.principal
        self.kind = "Service" if isinstance(caller, ServicePrincipal) else principal_type(caller)
        self._keys: dict[str, tuple[tuple[object, ...], bool]] | None = None
        self._derived: dict[str, tuple[tuple[object, ...], bool]] | None = None

    def values(self, key: str) -> tuple[object, ...] | None:
        """The values of a (lower-case) key, or None when the request does not have it."""
        found = self._lookup(key)
        return None if found is None else found[0]

    def variable(self, key: str) -> str | None:
        """The text a policy variable takes from a (lower-case) key: None when the key is
        absent or multivalued."""
        found = self._lookup(key)
        if found is None or found[1]:
            return None
        return text(found[0][0])

    def _lookup(self, key: str) -> tuple[tuple[object, ...], bool] | None:
        if self._keys is None:
            self._keys = {k.lower(): _values(v) for k, v in self.request.context.items()}
        found = self._keys.get(key)
        if found is not None or not key.startswith("aws:"):
            return found
        if self._derived is None:
            derived = principal_keys(self.request.principal).items()
            self._derived = {k: _values(v) for k, v in derived}
        return self._derived.get(key)


def _values(value: ContextValue) -> tuple[tuple[object, ...], bool]:
    """``(values, multivalued)``."""
    if isinstance(value, str | bytes | bool | int | float):
        return (value,), False
    return tuple(value), True


def text(value: object) -> str | None:
    """A context value as the string conditions compare: booleans as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return None
