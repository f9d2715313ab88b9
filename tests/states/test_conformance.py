"""The engine against executions recorded on real AWS (``shared/conformance/asl-dev.jsonl``).

Cases the engine cannot run yet are listed with a reason in ``conformance_overrides.json``
(``xfail`` or ``skip``); none is dropped silently. Skips cleanly when the data is absent.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from _conformance import CASES, OVERRIDES, load_cases

from fourbeat import conformance
from fourbeat.clock import VirtualClock
from fourbeat.states import Execution, Identity, load
from fourbeat.stepfunctions import Sandbox

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
    result = {"status": execution.status, "output": execution.output,
              "error": execution.error, "cause": execution.cause}  # fmt: skip
    failure = conformance.check(case, result)
    assert failure is None, failure


@pytest.mark.skipif(not _CASES, reason=f"{CASES} is absent")
def test_the_service_runs_the_corpus_as_aws_did() -> None:
    """The whole corpus through StartExecution and the engine, as a user's calls take it."""
    with Sandbox() as sandbox:
        outcomes = conformance.run_corpus(_CASES, sandbox.run)
    failed = [f"{o.id}: {o.failure}" for o in outcomes if o.failure is not None]
    assert len(failed) <= 0.01 * len(outcomes), "\n".join(failed)
