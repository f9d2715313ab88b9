"""Reading ``asl-dev.jsonl`` and comparing a run with what AWS recorded (see its README)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
CASES = ROOT / "asl-dev.jsonl"
OVERRIDES = Path(__file__).with_name("conformance_overrides.json")
_PLACEHOLDER = re.compile(r"<[^<>\s]+>")
# The README's bare placeholders, plus the recorder's stand-ins for the role ARN and the
# context object's start/entered times (found in the data, not in the README).
_BARE = {"timestamp", "date", "datetime", "snf_role_arn", "start-time", "entered-time"}


def load_cases() -> list[dict[str, Any]]:
    if not CASES.exists():
        return []
    return [json.loads(line) for line in CASES.read_text().splitlines() if line.strip()]


def parse_recorded(value: Any) -> Any:
    """Parse JSON strings starting with ``{`` as the recorder did."""
    if isinstance(value, str) and value.startswith("{"):
        try:
            return parse_recorded(json.loads(value))
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: parse_recorded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [parse_recorded(v) for v in value]
    return value


def matches(expected: Any, actual: Any) -> bool:
    """Whether ``actual`` equals ``expected`` where placeholders match anything."""
    if isinstance(expected, str):
        return _string_matches(expected, actual)
    if isinstance(expected, dict):
        return (
            isinstance(actual, dict)
            and expected.keys() == actual.keys()
            and all(matches(v, actual[k]) for k, v in expected.items())
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    return bool(expected == actual)


def _string_matches(expected: str, actual: Any) -> bool:
    if expected in _BARE or _PLACEHOLDER.fullmatch(expected):
        return True
    if not isinstance(actual, str):
        # The recorder left JSON text nested in an output unparsed; ``parse_recorded`` parses it.
        parsed = _loads(expected) if expected.startswith("{") else expected
        return not isinstance(parsed, str) and matches(parsed, actual)
    if expected == actual:
        return True
    pattern = ""
    for index, part in enumerate(_PLACEHOLDER.split(expected)):
        pattern += (".*" if index else "") + re.escape(part).replace("111111111111", r"\d{12}")
    return re.fullmatch(pattern, actual, re.DOTALL) is not None


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text
