"""What the bedrock-runtime tests share (imported by name: pytest puts this folder on
sys.path): the skip for machines without the model, request pieces, error unpacking."""

from __future__ import annotations

import os
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat.ai.llm import default_threads, model_unavailable


def _share_the_cores() -> None:
    """Each test worker runs its own model: give it its share of the cores, not all of them."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    os.environ.setdefault("FOURBEAT_LLM_THREADS", str(max(1, default_threads() // workers)))


_share_the_cores()

_UNAVAILABLE = model_unavailable()
needs_model = pytest.mark.skipif(_UNAVAILABLE is not None, reason=_UNAVAILABLE or "")

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
GREEDY = {"maxTokens": 8, "temperature": 0.0}
WEATHER: dict[str, Any] = {
    "type": "object",
    "properties": {
        "city": {"type": "string"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    },
    "required": ["city", "unit"],
}
TOOLS = {
    "tools": [
        {
            "toolSpec": {
                "name": "get_weather",
                "description": "The current weather in a city",
                "inputSchema": {"json": WEATHER},
            }
        }
    ]
}


def user(text: str) -> dict[str, Any]:
    return {"role": "user", "content": [{"text": text}]}


def assistant(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": [{"text": text}]}


def error_of(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = exc.value.response["Error"]
    return error["Code"], error["Message"]


def assert_valid(value: Any, schema: dict[str, Any]) -> None:
    import jsonschema

    jsonschema.validate(value, schema)
