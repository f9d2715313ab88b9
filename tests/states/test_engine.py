"""The ASL engine on small definitions: validation, paths, intrinsics, states, retry/catch."""

from __future__ import annotations

from typing import Any

import pytest

from fourbeat.clock import VirtualClock
from fourbeat.states import Execution, InvalidDefinition, StatesError, load, validate
from fourbeat.states._choice import string_matches
from fourbeat.states._intrinsics import compile_intrinsic
from fourbeat.states._jsonpath import compile_path


def run(definition: dict[str, Any], data: Any, clock: VirtualClock, **kw: Any) -> Execution:
    return Execution(load(definition), data, clock=clock, **kw).run()


def test_validation_reports_every_problem_with_aws_wording() -> None:
    definition = {
        "StartAt": "pass1",
        "States": {
            "pass1": {"Type": "Pass", "Next": "pass3"},
            "pass2": {"Type": "Pass", "End": True},
        },
    }
    with pytest.raises(InvalidDefinition) as caught:
        load(definition)
    assert caught.value.message == (
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: "
        'pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State "pass2" is not '
        "reachable. at /States/pass2'"
    )


def test_states_all_must_be_last_and_jsonpath_fields_are_refused_under_jsonata() -> None:
    definition = {
        "StartAt": "T",
        "QueryLanguage": "JSONata",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "r",
                "End": True,
                "InputPath": "$.x",
                "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}],
            }
        },
    }
    found = {d.pointer: d.message for d in validate(definition)}
    assert found == {
        "/States/T/InputPath": "The QueryLanguage is set to 'JSONata', but field 'InputPath' "
        "is only supported for the 'JSONPath' QueryLanguage",
        "/States/T/Retry/0/ErrorEquals": "States.ALL must appear alone in the last Retrier",
    }


def test_jsonpath_round_trips_and_indefinite_paths_yield_lists() -> None:
    for text in ("$.a.b[0]", "$..x", "$.items[1:].v", "$$.Execution.Id", "$['a b'][*]"):
        assert compile_path(str(compile_path(text))) == compile_path(text)
    assert compile_path("$[*]").evaluate({}) == []
    assert compile_path("$.a[-1]").evaluate({"a": [1, 2]}) == 2


def test_intrinsics_follow_aws_rules() -> None:
    assert compile_intrinsic("States.MathAdd(1.5, 1.51)").evaluate({}, {}) == 4
    assert compile_intrinsic("States.StringSplit('a,b+c', ',+')").evaluate({}, {}) == [
        "a",
        "b",
        "c",
    ]
    assert compile_intrinsic("States.Format('x\\{}{}', 1)").evaluate({}, {}) == "x{}1"
    with pytest.raises(StatesError) as caught:
        compile_intrinsic("States.ArrayGetItem(States.Array(1), 3)").evaluate({}, {})
    assert caught.value.error == "States.IntrinsicFailure"


def test_string_matches_uses_aws_wildcards() -> None:
    assert string_matches("log-2024.txt", "log-*.txt")
    assert string_matches("a*b", "a\\*b") and not string_matches("axb", "a\\*b")


def test_wait_moves_the_virtual_clock_not_the_wall(clock: VirtualClock) -> None:
    definition = {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": True}}}
    start = clock.now()
    execution = run(definition, {"a": 1}, clock)
    assert execution.status == "SUCCEEDED" and clock.now() == start + 30
    assert [e["type"] for e in execution.history] == [
        "ExecutionStarted",
        "WaitStateEntered",
        "WaitStateExited",
        "ExecutionSucceeded",
    ]


def test_task_retries_with_backoff_then_catches(clock: VirtualClock) -> None:
    calls: list[float] = []

    def invoke(resource: str, data: Any) -> Any:
        calls.append(clock.now())
        raise StatesError("Boom", "it broke")

    definition = {
        "StartAt": "T",
        "States": {
            "T": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 2, "MaxAttempts": 2}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Done"}],
                "End": True,
            },
            "Done": {"Type": "Succeed"},
        },
    }
    execution = run(definition, {"k": 1}, clock, invoke=invoke)
    assert [c - calls[0] for c in calls] == [0, 2, 6]
    assert execution.output == {"k": 1, "err": {"Error": "Boom", "Cause": "it broke"}}


def test_map_runs_each_item_and_keeps_order(clock: VirtualClock) -> None:
    definition = {
        "StartAt": "M",
        "States": {
            "M": {
                "Type": "Map",
                "ItemsPath": "$.xs",
                "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
                "End": True,
            }
        },
    }
    execution = run(definition, {"xs": ["a", "b"]}, clock)
    assert execution.output == [{"v": "a", "i": 0}, {"v": "b", "i": 1}]


def test_missing_input_path_fails_with_states_runtime(clock: VirtualClock) -> None:
    definition = {
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "InputPath": "$.x", "End": True}},
    }
    execution = run(definition, {}, clock)
    assert execution.error == "States.Runtime"
    assert execution.cause == (
        "An error occurred while executing the state 'P' (entered at the event id #2). "
        "Invalid path '$.x' : No results for path: $['x']"
    )
