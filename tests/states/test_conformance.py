"""The engine against executions recorded on real AWS (``shared/conformance/asl-dev.jsonl``).

Cases the engine cannot run yet are listed with a reason in ``conformance_overrides.json``
(``xfail`` or ``skip``); none is dropped silently. Skips cleanly when the data is absent.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from _conformance import CASES, OVERRIDES, load_cases, matches, parse_recorded

from fourbeat.clock import VirtualClock
from fourbeat.states import Execution, Identity, load

_CASES = load_cases()
_OVERRIDES: dict[str, dict[str, str]] = json.loads(OVERRIDES.read_text())["cases"]


def _params() -> list[Any]:
    if not _CASES:
        return [pytest.param(None, id="no-data", marks=pytest.mark.skip(f"{CASES} is absent"))]
    params = []
    for case in _CASES:
        override = _OVERRIDES.get(case["id"])
        marks = []
        if override is not None:
            mark = pytest.mark.skip if override["mode"] == "skip" else pytest.mark.xfail
            marks.append(mark(reason=override["reason"]))
        params.append(pytest.param(case, id=case["id"].split("::", 1)[-1], marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_execution_matches_aws(case: dict[str, Any]) -> None:
    machine = load(case["definition"])
    identity = Identity(name="exec-name", state_machine_name="sm-name")
    execution = Execution(machine, case["input"], clock=VirtualClock(), identity=identity).run()
    expected = case["expected"]
    assert execution.status == expected["status"], (execution.error, execution.cause)
    if expected["status"] == "SUCCEEDED":
        actual = parse_recorded(execution.output)
        assert matches(expected["output"], actual), actual
        return
    assert execution.error == expected.get("error")
    if "cause" in expected:
        assert matches(parse_recorded(expected["cause"]), parse_recorded(execution.cause)), (
            execution.cause
        )
