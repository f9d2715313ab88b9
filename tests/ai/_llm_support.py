"""What the language-model tests share: a skip for machines without the model, and a check
that a tool input is valid under its schema (imported by name, as pytest puts this folder on
sys.path)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from fourbeat.ai.llm import default_threads, model_unavailable


def _share_the_cores() -> None:
    """Each test worker runs its own model: give it its share of the cores, not all of them."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1") or 1)
    os.environ.setdefault("FOURBEAT_LLM_THREADS", str(max(1, default_threads() // workers)))


_share_the_cores()

_UNAVAILABLE = model_unavailable()
needs_model = pytest.mark.skipif(_UNAVAILABLE is not None, reason=_UNAVAILABLE or "")
"""For tests that run the model: skipped, with the reason, where it is not installed."""

WEATHER: dict[str, Any] = {
    "type": "object",
    "properties": {
        "city": {"type": "string"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
        "days": {"type": "integer", "minimum": 1, "maximum": 7},
    },
    "required": ["city", "unit", "days"],
    "additionalProperties": False,
}


def assert_valid(value: Any, schema: dict[str, Any]) -> None:
    """``value`` satisfies ``schema`` (with jsonschema where it is installed)."""
    try:
        import jsonschema
    except ImportError:  # pragma: no cover - the checks below cover WEATHER's shape
        assert isinstance(value, dict)
        assert set(schema.get("required", [])) <= set(value)
        return
    jsonschema.validate(value, schema)
