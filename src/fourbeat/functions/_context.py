"""The context object a handler receives, with the attributes Lambda's Python runtime gives it.

https://docs.aws.amazon.com/lambda/latest/dg/python-context.html
"""

from __future__ import annotations

import os
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any


class LambdaContext:
    def __init__(self, invocation: dict[str, Any], now: Callable[[], float]) -> None:
        self.aws_request_id: str = invocation["request_id"]
        self.invoked_function_arn: str = invocation["invoked_function_arn"]
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
        self.memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
        self.log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
        self.log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
        self.client_context = _client_context(invocation.get("client_context"))
        self.identity = SimpleNamespace(cognito_identity_id=None, cognito_identity_pool_id=None)
        self.tenant_id: str | None = invocation.get("tenant_id")
        self._deadline_ms: int = invocation["deadline_ms"]
        self._now = now

    def get_remaining_time_in_millis(self) -> int:
        return max(self._deadline_ms - int(self._now() * 1000), 0)

    def __repr__(self) -> str:
        return (
            f"LambdaContext(aws_request_id={self.aws_request_id}, "
            f"function_name={self.function_name}, function_version={self.function_version}, "
            f"invoked_function_arn={self.invoked_function_arn})"
        )


def _client_context(document: dict[str, Any] | None) -> SimpleNamespace | None:
    """Invoke's ClientContext (base64 JSON, decoded by the caller) as attributes."""
    if document is None:
        return None
    client = document.get("client")
    return SimpleNamespace(
        custom=document.get("custom"),
        env=document.get("env"),
        client=None if client is None else SimpleNamespace(**client),
    )
