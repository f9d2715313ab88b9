"""Which cloud answers the boto3 clients a program makes itself.

``with cloud:`` serves every client in the process: the ones made afterwards (through
botocore's client plugin hook, which botocore calls for each new client) and the ones that
already exist (found once, when the first activation starts). While a cloud is active, the
process environment gets a region and the default administrator's credentials if the user
configured none, so ``boto3.client("sqs")`` works as on a configured machine; the environment
is restored when the last activation ends.

The stack of active clouds is process state by nature (botocore calls the plugin with no
context), and it is the only such state in fourbeat. Activations nest: the innermost wins.
"""

from __future__ import annotations

import gc
import os
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from botocore.client import BaseClient

from fourbeat.wire._hooks import ClientHooks

if TYPE_CHECKING:
    from fourbeat.cloud import Cloud

PLUGIN_VARIABLE = "BOTOCORE_EXPERIMENTAL__PLUGINS"
PLUGIN = "fourbeat=fourbeat.wire.plugin"


class _ActiveClouds:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._stack: list[Cloud] = []
        self._saved_env: dict[str, str | None] = {}
        self._clients: weakref.WeakSet[BaseClient] = weakref.WeakSet()
        self.hooks = ClientHooks(self.current)

    def current(self) -> Cloud | None:
        stack = self._stack
        return stack[-1] if stack else None

    def push(self, cloud: Cloud) -> None:
        with self._lock:
            if not self._stack:
                self._set_environment(cloud)
                for client in _live_clients():
                    self.hook(client)
            self._stack.append(cloud)

    def pop(self, cloud: Cloud) -> None:
        with self._lock:
            if cloud in self._stack:
                self._stack.reverse()
                self._stack.remove(cloud)
                self._stack.reverse()
            if not self._stack:
                for client in list(self._clients):
                    self.hooks.uninstall(client.meta.events)
                self._clients = weakref.WeakSet()
                self._restore_environment()

    def hook(self, client: BaseClient) -> None:
        if client in self._clients:
            return
        self.hooks.install(client.meta.events)
        self._clients.add(client)

    def unhook(self, client: BaseClient) -> None:
        """Leave a client to the cloud it is bound to (``cloud.client``)."""
        if client in self._clients:
            self.hooks.uninstall(client.meta.events)
            self._clients.discard(client)

    def _set_environment(self, cloud: Cloud) -> None:
        wanted: dict[str, str] = {}
        plugins = os.environ.get(PLUGIN_VARIABLE, "")
        if PLUGIN not in plugins.split(","):
            wanted[PLUGIN_VARIABLE] = f"{plugins},{PLUGIN}" if plugins else PLUGIN
        if not any(os.environ.get(v) for v in ("AWS_REGION", "AWS_DEFAULT_REGION")):
            wanted["AWS_DEFAULT_REGION"] = cloud.region
        if not _user_has_credentials():
            wanted["AWS_ACCESS_KEY_ID"] = cloud.admin_credentials.access_key_id
            wanted["AWS_SECRET_ACCESS_KEY"] = cloud.admin_credentials.secret_access_key
        self._saved_env = {name: os.environ.get(name) for name in wanted}
        os.environ.update(wanted)

    def _restore_environment(self) -> None:
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env = {}


def _user_has_credentials() -> bool:
    """Whether botocore would find credentials without asking the network (instance metadata)."""
    if os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE"):
        return True
    shared = os.environ.get("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials")
    return Path(shared).expanduser().exists()


def _live_clients() -> list[BaseClient]:
    # Weak proxies pass isinstance too (botocore's S3 region redirector holds one to its
    # client), or raise when their client is gone; they are not clients: skip them first.
    return [
        obj
        for obj in gc.get_objects()
        if not isinstance(obj, weakref.ProxyTypes) and isinstance(obj, BaseClient)
    ]


ACTIVE = _ActiveClouds()


def initialize_client_plugin(client: Any) -> None:
    """Botocore's client plugin entry point: called for every client made while active."""
    if ACTIVE.current() is not None:
        ACTIVE.hook(client)
