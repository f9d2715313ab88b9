"""Conformance corpora: Step Functions executions recorded on AWS, replayed and compared.

A corpus is JSON Lines, one recorded execution a line (``definition``, ``input``,
``expected``, ``category``, ``features``, ``id``). A run matches when its status is the one
recorded and its output (or error and cause) equals the recorded value, where the recorder's
placeholders (``<Name>`` inside a string, the bare strings ``timestamp``, ``date``,
``datetime`` and a few others, the account ``111111111111``) match any value in their place.
JSON text in a recorded output that starts with ``{`` was parsed by the recorder, so the run's
output is parsed the same way before comparing.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fourbeat.errors import FourbeatError

_PLACEHOLDER = re.compile(r"<[^<>\s]+>")
# The README's bare placeholders, plus the recorder's stand-ins for the role ARN and the
# context object's start/entered times (found in the data, not in the README).
_BARE = {"timestamp", "date", "datetime", "snf_role_arn", "start-time", "entered-time"}

Runner = Callable[[Any, Any], dict[str, Any]]
"""Runs (definition, input) and returns status, output, error and cause."""


@dataclass(frozen=True)
class Outcome:
    id: str
    category: str
    features: tuple[str, ...]
    failure: str | None
    """Why the run departs from the recording; None when it matches."""


def load_cases(path: Path) -> list[dict[str, Any]]:
    """The corpus's cases; a line that is not a JSON object names its file and line."""
    cases = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except ValueError as exc:
            raise FourbeatError(
                f"line {number} is not JSON: {exc}", where=str(path),
                fix="Each line must be one recorded execution as a JSON object.",
            ) from None  # fmt: skip
        if not isinstance(case, dict) or "definition" not in case or "expected" not in case:
            raise FourbeatError(
                f"line {number} has no 'definition' and 'expected'", where=str(path),
                fix="See shared/conformance/README.md for the fields of a case.",
            )  # fmt: skip
        cases.append(case)
    return cases


def check(case: dict[str, Any], result: dict[str, Any]) -> str | None:
    """Why ``result`` departs from the case's recording, or None when it matches."""
    expected = case["expected"]
    if result["status"] != expected["status"]:
        return f"status {result['status']} ({result.get('error')}), AWS: {expected['status']}"
    if expected["status"] == "SUCCEEDED":
        actual = parse_recorded(result["output"])
        return None if matches(expected["output"], actual) else f"output {actual!r}"
    if result.get("error") != expected.get("error"):
        return f"error {result.get('error')!r}, AWS: {expected.get('error')!r}"
    if "cause" in expected and not matches(
        parse_recorded(expected["cause"]), parse_recorded(result.get("cause"))
    ):
        return f"cause {result.get('cause')!r}"
    return None


def run_corpus(
    cases: Iterable[dict[str, Any]], runner: Runner, progress: Callable[[], None] | None = None
) -> list[Outcome]:
    outcomes = []
    for case in cases:
        try:
            failure = check(case, runner(case["definition"], case.get("input")))
        except Exception as exc:  # a crash is a failing case, reported with the others
            failure = f"raised {type(exc).__name__}: {exc}"
        outcomes.append(
            Outcome(case.get("id", "?"), case.get("category", "?"),
                    tuple(case.get("features", ())), failure)
        )  # fmt: skip
        if progress is not None:
            progress()
    return outcomes


def pass_rates(outcomes: Iterable[Outcome], key: str) -> dict[str, tuple[int, int]]:
    """(passed, total) per category (``key="category"``) or per feature."""
    rates: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        groups = outcome.features if key == "feature" else (outcome.category,)
        for group in groups:
            rates[group][0] += outcome.failure is None
            rates[group][1] += 1
    return {group: (passed, total) for group, (passed, total) in sorted(rates.items())}


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
