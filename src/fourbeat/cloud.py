"""Cloud: one data directory opened as a local AWS account.

``Cloud(path)`` opens (or creates) the data directory and builds the services over it.
``with Cloud(path) as cloud:`` also activates it, so boto3 clients the program makes itself are
served by it; ``cloud.client("s3")`` gives a client bound to this cloud whatever is active.
Two clouds in one process share nothing.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import boto3
import botocore.session

from fourbeat.clock import Clock, SystemClock
from fourbeat.engine import Engine
from fourbeat.errors import FourbeatError
from fourbeat.events import Deliveries
from fourbeat.iam import (
    ADMIN_ACCESS_KEY,
    ADMIN_SECRET_KEY,
    MODES,
    Authorizer,
    Credentials,
    DecisionJournal,
    Identities,
    Mode,
    PrincipalPolicies,
)
from fourbeat.services import Environment, NotServedError, Service, service_classes
from fourbeat.store import Store
from fourbeat.wire import ACTIVE, ClientHooks

DEFAULT_ACCOUNT = "000000000000"
DEFAULT_DATA_DIR = ".fourbeat"

P = ParamSpec("P")
R = TypeVar("R")


class Cloud:
    def __init__(
        self,
        path: str | os.PathLike[str] = DEFAULT_DATA_DIR,
        *,
        clock: Clock | None = None,
        account: str = DEFAULT_ACCOUNT,
        region: str | None = None,
        engine: bool | None = None,
        iam: Mode = "enforce",
    ) -> None:
        """``engine``: run due work (executions, deliveries, timers) on a background thread;
        by default only with the system clock (on a virtual clock, step ``cloud.engine``).
        ``iam``: ``enforce`` denies what IAM denies, as AWS does; ``soft`` logs it and lets
        the call go on."""
        if iam not in MODES:
            raise FourbeatError(
                f"IAM mode {iam!r} is not one of {', '.join(MODES)}",
                fix="Pass iam='enforce' (as AWS) or iam='soft' (log denials, allow).",
            )
        if not (account.isdigit() and len(account) == 12):
            raise FourbeatError(
                f"account {account!r} is not a 12-digit AWS account id",
                fix="Pass account='000000000000' or another 12-digit number.",
            )
        self.path = Path(path)
        self.clock: Clock = clock or SystemClock()
        self.account = account
        self.region = region or _configured_region()
        self._exit = ExitStack()
        self.store = Store(self.path)
        self._exit.callback(self.store.close)
        self.identities = Identities(self.store, account, self.clock.now())
        journal = DecisionJournal(self.store.db)
        self._exit.callback(journal.flush)
        self.authorizer = Authorizer(
            PrincipalPolicies(self.store.db, self.identities), iam, journal, self.clock.now
        )
        env = Environment(
            self.store,
            self.clock,
            self.authorizer,
            self.identities,
            account,
            self.region,
            self._client_for,
        )
        self._services = {name: cls(env) for name, cls in service_classes().items()}
        for service in self._services.values():
            self._exit.callback(service.close)
        self._hooks = ClientHooks(lambda: self)
        self.admin_credentials = Credentials(ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY)
        runners: list[Service | Deliveries] = [*self._services.values(), Deliveries(env)]
        handlers = {k: h for r in runners for k, h in r.work_handlers().items()}
        self.engine = Engine(self.store, self.clock, handlers)
        if engine if engine is not None else isinstance(self.clock, SystemClock):
            self.engine.start()
            self._exit.callback(self.engine.stop)

    def service(self, name: str) -> Service:
        """The service class behind a botocore service name."""
        try:
            return self._services[name]
        except KeyError:
            raise NotServedError(
                f"fourbeat does not serve the {name} service",
                fix=f"Served services: {', '.join(sorted(self._services))}.",
            ) from None

    def client(self, service_name: str, region_name: str | None = None, **kwargs: Any) -> Any:
        """A boto3 client served by this cloud, as the default administrator unless other
        credentials are given."""
        kwargs.setdefault("aws_access_key_id", self.admin_credentials.access_key_id)
        kwargs.setdefault("aws_secret_access_key", self.admin_credentials.secret_access_key)
        session = boto3.session.Session(botocore_session=botocore.session.Session())
        client = session.client(service_name, region_name=region_name or self.region, **kwargs)
        ACTIVE.unhook(client)
        self._hooks.install(client.meta.events)
        return client

    def _client_for(self, service_name: str, credentials: Credentials) -> Any:
        return self.client(
            service_name,
            aws_access_key_id=credentials.access_key_id,
            aws_secret_access_key=credentials.secret_access_key,
            aws_session_token=credentials.session_token,
        )

    @contextmanager
    def activated(self) -> Iterator[Cloud]:
        """Serve every boto3 client of this process while the block runs."""
        ACTIVE.push(self)
        try:
            yield self
        finally:
            ACTIVE.pop(self)

    def activate(self, fn: Callable[P, R]) -> Callable[P, R]:
        """Decorator form of ``activated()``."""

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with self.activated():
                return fn(*args, **kwargs)

        return wrapper

    def close(self) -> None:
        self._exit.close()

    def __enter__(self) -> Cloud:
        self._exit.enter_context(self.activated())
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _configured_region() -> str:
    """The region AWS tools would use here (environment, then config file), else us-east-1."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        region = botocore.session.Session().get_config_variable("region")
    return str(region) if region else "us-east-1"
