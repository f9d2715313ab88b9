"""Lambda: functions from zip packages, run by the ``functions`` runtime in warm worker
processes; synchronous and asynchronous invocation with Lambda's errors, logs and retries.

One service class, ``Lambda``, assembled from operation groups: functions and their settings
(``_functions``) and invocation (``_invoke``). Code is unpacked by ``_code``; rows live in the
store (``_schema``). Imports ``services._base``, ``functions``, ``store``, ``iam``, ``errors``.
"""

from __future__ import annotations

from fourbeat.services.lambda_._functions import FunctionOperations
from fourbeat.services.lambda_._invoke import InvokeOperations

__all__ = ["Lambda"]


class Lambda(FunctionOperations, InvokeOperations):
    name = "lambda"
