"""The Lambda runtime: Python handlers in warm worker processes, one invocation per worker at a
time, with Lambda's environment, context, logs, timeouts and error reports.

The worker side is ``_bootstrap`` (run as its own process), the parent side ``_worker`` and
``_pool``. Imports ``clock``, ``errors`` and ``iam`` (credentials); the worker process also
opens a ``Cloud``. Nothing here knows the Lambda API: ``services/lambda_`` does.
"""

from fourbeat.functions._pool import WorkerPool
from fourbeat.functions._spec import CredentialSource, FunctionSpec, Invocation, Outcome
from fourbeat.functions._worker import WorkerStartError

__all__ = [
    "CredentialSource",
    "FunctionSpec",
    "Invocation",
    "Outcome",
    "WorkerPool",
    "WorkerStartError",
]
