"""Lambda: functions from zip packages, run by the ``functions`` runtime in warm worker
processes; synchronous and asynchronous invocation with Lambda's errors, logs and retries.

One service class, ``Lambda``, assembled from operation groups: functions and their settings
(``_functions``), invocation (``_invoke``), event source mappings from SQS
(``_mappings``) and the function's resource policy (``_permissions``). Code is unpacked by
``_code``; rows live in the store (``_schema``). Imports ``services._base``, ``functions``,
``store``, ``iam``, ``errors``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fourbeat.services.lambda_._functions import FunctionOperations
from fourbeat.services.lambda_._invoke import EVENT_KIND, InvokeOperations
from fourbeat.services.lambda_._mappings import POLL_KIND, MappingOperations
from fourbeat.services.lambda_._permissions import PermissionOperations
from fourbeat.store import Claim

__all__ = ["Lambda"]


class Lambda(FunctionOperations, InvokeOperations, MappingOperations, PermissionOperations):
    name = "lambda"

    def work_handlers(self) -> Mapping[str, Callable[[Claim], None]]:
        return {EVENT_KIND: self._run_event, POLL_KIND: self._poll}
