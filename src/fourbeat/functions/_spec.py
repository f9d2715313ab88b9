"""What the runtime needs to know of a function, an invocation and its outcome.

The Lambda service builds these from its tables; the runtime knows nothing of the API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fourbeat.iam import Credentials


@dataclass(frozen=True)
class FunctionSpec:
    name: str
    arn: str
    """The unqualified function ARN."""
    version: str
    handler: str
    runtime: str
    task_root: Path
    """Where the function's code is unpacked (LAMBDA_TASK_ROOT)."""
    timeout: float
    memory_mb: int
    environment: Mapping[str, str]
    """The function's own variables (Environment.Variables)."""
    region: str
    account: str
    data_dir: Path
    revision: str
    """Changes whenever code or configuration does: workers of an older revision retire."""
    library_paths: Sequence[Path] = ()
    """Directories put on the worker's path after the task root (layers, built requirements)."""

    @property
    def log_group(self) -> str:
        return f"/aws/lambda/{self.name}"


CredentialSource = Callable[[], Credentials]
"""Mints a session of the execution role for a new worker."""


@dataclass(frozen=True)
class Invocation:
    request_id: str
    payload: bytes
    now: float
    """The caller's clock when the call was made."""
    invoked_arn: str
    client_context: dict[str, object] | None = None


@dataclass(frozen=True)
class Outcome:
    """How an invocation ended, as Lambda reports it."""

    payload: bytes
    """The handler's result, or the error document when ``error`` is set."""
    error: str | None
    """None, ``Unhandled`` (the handler or the runtime failed) as X-Amz-Function-Error says."""
    log: str
    """The invocation's log: START, what the function printed, END and REPORT."""
    duration_ms: float
    init_ms: float | None = None
    """Set on a cold start: how long the new worker took to be ready."""
    log_stream: str = ""
    """The worker's log stream (``2026/12/04/[$LATEST]…``), where the log belongs."""
