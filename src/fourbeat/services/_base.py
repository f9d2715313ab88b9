"""What every service shares: the request a call carries, the environment a service is built
with, and dispatch from a botocore operation name to the method of the same name.

A service is a class whose methods are its API operations, named as in botocore
(``PutObject``), taking ``(request, params)`` and returning the response dict. The set of
operations it serves is its methods intersected with the service model's operation names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

import botocore.session
from botocore.model import ServiceModel

from fourbeat.clock import Clock
from fourbeat.errors import AwsError, FourbeatError
from fourbeat.iam import AccessDeniedError, Authorizer, Credentials, Identities, Principal
from fourbeat.store import Claim, Store

Params = dict[str, Any]
Response = dict[str, Any]
Operation = Callable[["Request", Params], Response]
ClientFactory = Callable[[str, Credentials], Any]


@dataclass(frozen=True)
class Request:
    """One API call as a service sees it."""

    service: str
    operation: str
    principal: Principal
    region: str
    request_id: str

    @property
    def account(self) -> str:
        return self.principal.account


def new_request_id() -> str:
    """A random UUID, as AWS request ids are (made without uuid.UUID's parsing cost)."""
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


@dataclass(frozen=True)
class Environment:
    """What a service is built with; everything hangs off the Cloud, nothing is global."""

    store: Store
    clock: Clock
    authorizer: Authorizer
    identities: Identities
    account: str
    region: str
    client: ClientFactory
    """A boto3 client served by this cloud under the given credentials (how one service,
    such as Step Functions for a state machine's role, calls another)."""


@cache
def service_model(name: str) -> ServiceModel:
    return _botocore_session().get_service_model(name)


@cache
def _botocore_session() -> botocore.session.Session:
    return botocore.session.get_session()


class NotServedError(FourbeatError):
    """A service or operation this version of fourbeat does not serve."""


class Service:
    name: ClassVar[str]
    """The botocore service name (``s3``, ``sqs``, ``sts``)."""
    access_denied_code: ClassVar[str] = "AccessDeniedException"

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.store = env.store
        self.clock = env.clock
        self._operations = self.operations()

    @classmethod
    def operations(cls) -> dict[str, str]:
        """Operation name -> method name, for every modeled operation this class serves."""
        modeled = set(service_model(cls.name).operation_names)
        return {name: name for name in dir(cls) if name in modeled}

    def work_handlers(self) -> Mapping[str, Callable[[Claim], None]]:
        """The kinds of work item this service runs in the engine, and their handlers."""
        return {}

    def close(self) -> None:
        """Release what the service holds beyond the store (worker processes); called once,
        when its cloud closes."""

    def dispatch(self, request: Request, params: Params) -> Response:
        method = self._operations.get(request.operation)
        if method is None:
            raise NotServedError(
                f"fourbeat does not serve {self.name}:{request.operation} yet",
                fix=f"Served {self.name} operations: {', '.join(sorted(self._operations))}.",
            )
        result: Response = getattr(self, method)(request, params)
        # The status the model gives the operation (201 for a create, 204 for a delete) unless
        # the operation chose another (206 for a range, 202 for an asynchronous invoke).
        http = service_model(self.name).operation_model(request.operation).http
        if "responseCode" in http and "ResponseMetadata" not in result:
            result["ResponseMetadata"] = {"HTTPStatusCode": http["responseCode"]}
        return result

    def authorize(
        self,
        request: Request,
        actions: str | Sequence[str],
        resources: str | Sequence[str],
        context: Mapping[str, object] | None = None,
        *,
        resource_policy: str | None = None,
        resource_must_allow: bool = False,
    ) -> None:
        """Pass the call through the single authorization point; a denial is the service's
        own AccessDenied error with IAM's explanation."""
        try:
            self.env.authorizer.authorize(
                request.principal,
                [actions] if isinstance(actions, str) else actions,
                [resources] if isinstance(resources, str) else resources,
                context,
                resource_policy=resource_policy,
                resource_must_allow=resource_must_allow,
            )
        except AccessDeniedError as denied:
            raise self.access_denied(denied) from None

    def access_denied(self, denied: AccessDeniedError) -> AwsError:
        """The service's AccessDenied error (JSON services name it AccessDeniedException)."""
        return AwsError(self.access_denied_code, denied.message, 403)
