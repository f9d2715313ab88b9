"""Workflow variables (Assign, $name) and the JSONata query language on small definitions."""

from __future__ import annotations

from typing import Any

import pytest

from fourbeat.clock import VirtualClock
from fourbeat.states import Execution, load, validate
from fourbeat.states._jsonpath import compile_path
from fourbeat.states._templates import compile_template


def run(definition: dict[str, Any], data: Any) -> Execution:
    return Execution(load(definition), data, clock=VirtualClock()).run()


def test_assign_takes_effect_after_the_state_so_output_sees_old_values() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "A",
        "States": {
            "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Assign": {"x": "{% $x + 1 %}"}, "Output": "{% $x %}",
                  "Next": "C"},
            "C": {"Type": "Pass", "Output": {"now": "{% $x %}"}, "End": True},
        },
    }  # fmt: skip
    assert run(definition, {}).output == {"now": 2}


def test_map_iterations_read_outer_variables_but_their_own_assignments_stay_inside() -> None:
    definition = {
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Assign": {"bias": 10, "seen": "outer"},
                     "Result": [1, 2], "Next": "M"},
            "M": {"Type": "Map", "Next": "After", "ItemProcessor": {"StartAt": "Add", "States": {
                "Add": {"Type": "Pass", "Assign": {"seen": "inner"},
                        "Parameters": {"v.$": "States.MathAdd($, $bias)"}, "End": True}}}},
            "After": {"Type": "Pass", "Parameters": {"seen.$": "$seen", "out.$": "$"},
                      "End": True},
        },
    }  # fmt: skip
    assert run(definition, {}).output == {"seen": "outer", "out": [{"v": 11}, {"v": 12}]}


def test_jsonpath_variable_paths_compile_and_round_trip() -> None:
    path = compile_path("$order.items[0]")
    assert path.variable == "order" and str(path) == "$order.items[0]"
    assert compile_path(str(path)) == path


def test_catcher_assign_and_output_read_the_error_output() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "P",
        "States": {
            "P": {"Type": "Parallel", "Next": "Done", "Catch": [{
                "ErrorEquals": ["States.ALL"], "Next": "Done",
                "Assign": {"why": "{% $states.errorOutput.Error %}"},
                "Output": {"caught": "{% $states.errorOutput.Cause %}"}}],
                "Branches": [{"StartAt": "F", "States": {
                    "F": {"Type": "Fail", "Error": "Boom", "Cause": "bad"}}}]},
            "Done": {"Type": "Pass", "Output": {"why": "{% $why %}", "in": "{% $states.input %}"},
                     "End": True},
        },
    }  # fmt: skip
    assert run(definition, {}).output == {"why": "Boom", "in": {"caught": "bad"}}


def test_aws_jsonata_functions() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "End": True, "Output": {
            "parts": "{% $partition([1, 2, 3], 2) %}", "range": "{% $range(0, 10, 5) %}",
            "hash": "{% $hash('a', 'MD5') %}", "parsed": "{% $parse('{\"k\": [1]}') %}",
            "uuid": "{% $length($uuid()) %}", "seeded": "{% $random(7) = $random(7) %}"}}},
    }  # fmt: skip
    assert run(definition, {}).output == {
        "parts": [[1, 2], [3]],
        "range": [0, 5, 10],
        "hash": "0cc175b9c0f1b6a831c399e269772661",
        "parsed": {"k": [1]},
        "uuid": 36,
        "seeded": True,
    }


def test_condition_must_yield_a_boolean() -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Default": "E",
                  "Choices": [{"Condition": "{% $states.input.n %}", "Next": "E"}]},
            "E": {"Type": "Succeed"},
        },
    }  # fmt: skip
    execution = run(definition, {"n": 3})
    assert execution.error == "States.QueryEvaluationError"
    assert execution.cause is not None and execution.cause.endswith(
        "The JSONata expression '$states.input.n' specified for the field 'Condition' "
        "returned an unexpected result type. Expected 'boolean', but was 'number' for value: 3"
    )


@pytest.mark.parametrize(
    ("definition", "pointer", "message"),
    [
        (
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": 1, "End": True}}},
            "/States/P/Output",
            "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for "
            "the 'JSONata' QueryLanguage",
        ),
        (
            {"QueryLanguage": "JSONata", "StartAt": "P",
             "States": {"P": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}}},
            "/States/P",
            "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
        ),
        (
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Assign": {"states": 1},
                                              "End": True}}},
            "/States/P/Assign",
            "The variable name 'states' is reserved",
        ),
    ],
)  # fmt: skip
def test_validation_refuses_misused_fields(
    definition: dict[str, Any], pointer: str, message: str
) -> None:
    assert (pointer, message) in {(d.pointer, d.message) for d in validate(definition)}


def test_templates_round_trip_and_keep_non_expressions_literal() -> None:
    template = compile_template({"a": "{% $x %}", "b": [" {% y %} ", "$.z"]}, "Output")
    assert str(template) == '{"a": {% $x %}, "b": [" {% y %} ", "$.z"]}'
