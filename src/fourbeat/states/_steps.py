"""One pure ``step(state, data, ctx) -> Outcome`` per state type, dispatched by class.

A step reads the state's input and the context, and returns what happens next as a value;
errors a retrier or catcher may handle are raised as ``StatesError``. Map and Parallel return
a ``Fork`` and finish in ``join`` once their children are done. Time is ``ctx.now`` (from the
injected clock) and Task work goes through the injected ``ctx.invoke``; nothing here sleeps,
stores or imports a service. https://docs.aws.amazon.com/step-functions/latest/dg/concepts-states.html
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fourbeat.states._choice import parse_timestamp
from fourbeat.states._errors import PathNotFound, StatesError, TaskFailure
from fourbeat.states._intrinsic_functions import to_text
from fourbeat.states._jsonpath import JsonPath
from fourbeat.states._model import (
    AnyState,
    Branch,
    ChoiceState,
    End,
    Fail,
    FailState,
    Fork,
    MapState,
    Next,
    Outcome,
    ParallelState,
    PassState,
    SucceedState,
    TaskState,
    Wait,
    WaitState,
)
from fourbeat.states._payload import (
    Payload,
    apply_result_path,
    compact,
    evaluate_field,
    select_path,
)

Invoke = Callable[[str, Any], Any]


@dataclass
class StepContext:
    """What a step may read besides its input: ``$$``, the time and the Task invoker."""

    context: dict[str, Any]
    now: float
    invoke: Invoke | None = None


def _finish(state: AnyState, output: Any, ctx: StepContext) -> Outcome:
    output = select_path(state.output_path, output, ctx.context)
    return End(output) if state.end or state.next is None else Next(state.next, output)


def _effective(state: AnyState, data: Any, parameters: Payload | None, ctx: StepContext) -> Any:
    selected = select_path(state.input_path, data, ctx.context)
    return parameters.evaluate(selected, ctx.context) if parameters else selected


def step_pass(state: PassState, data: Any, ctx: StepContext) -> Outcome:
    effective = _effective(state, data, state.parameters, ctx)
    result = copy.deepcopy(state.result) if state.has_result else effective
    return _finish(state, apply_result_path(state.result_path, data, result), ctx)


def step_task(state: TaskState, data: Any, ctx: StepContext) -> Outcome:
    if ctx.invoke is None:
        raise StatesError(
            "States.Runtime", f"No task invoker is configured to run '{state.resource}'"
        )
    effective = _effective(state, data, state.parameters, ctx)
    try:
        result = ctx.invoke(state.resource, effective)
    except StatesError as exc:
        raise TaskFailure(exc.error, exc.cause) from exc
    except Exception as exc:  # a task's own failure: its error name is the exception type
        raise TaskFailure(type(exc).__name__, str(exc)) from exc
    return _finish_result(state, data, result, ctx)


def _finish_result(
    state: TaskState | MapState | ParallelState, data: Any, result: Any, ctx: StepContext
) -> Outcome:
    if state.result_selector is not None:
        result = state.result_selector.evaluate(result, ctx.context)
    return _finish(state, apply_result_path(state.result_path, data, result), ctx)


def step_choice(state: ChoiceState, data: Any, ctx: StepContext) -> Outcome:
    effective = select_path(state.input_path, data, ctx.context)
    for choice in state.choices:
        if choice.rule.evaluate(effective, ctx.context):
            return Next(choice.next, select_path(state.output_path, effective, ctx.context))
    if state.default is None:
        raise StatesError(
            "States.NoChoiceMatched",
            f"No Matches! at state '{state.name}' with input '{compact(effective)}'",
        )
    return Next(state.default, select_path(state.output_path, effective, ctx.context))


def step_wait(state: WaitState, data: Any, ctx: StepContext) -> Outcome:
    effective = select_path(state.input_path, data, ctx.context)
    until = _wait_until(state, effective, ctx)
    output = select_path(state.output_path, effective, ctx.context)
    return Wait(until, None if state.end else state.next, output)


def _wait_until(state: WaitState, data: Any, ctx: StepContext) -> float:
    if state.seconds is not None:
        return ctx.now + state.seconds
    if state.timestamp is not None:
        return _timestamp(state.timestamp, "Timestamp", None)
    path: JsonPath = state.seconds_path or state.timestamp_path  # type: ignore[assignment]
    try:
        value = path.evaluate(data, ctx.context)
    except PathNotFound as exc:
        field = "SecondsPath" if state.seconds_path else "TimestampPath"
        raise StatesError(
            "States.Runtime",
            f"The {field} parameter does not reference an input value: {path}",
        ) from exc
    if state.timestamp_path is not None:
        return _timestamp(value, "TimestampPath", path)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise StatesError(
            "States.Runtime",
            f"The SecondsPath parameter does not reference a positive integer value: {path}",
        )
    return ctx.now + value


def _timestamp(value: Any, field: str, path: JsonPath | None) -> float:
    parsed = parse_timestamp(value)
    if parsed is None:
        raise StatesError(
            "States.Runtime",
            f"The {field} parameter does not reference a valid ISO-8601 extended offset "
            f"date-time format string: {path} == {to_text(value)}",
        )
    return parsed.timestamp()


def step_succeed(state: SucceedState, data: Any, ctx: StepContext) -> Outcome:
    effective = select_path(state.input_path, data, ctx.context)
    return End(select_path(state.output_path, effective, ctx.context))


def step_fail(state: FailState, data: Any, ctx: StepContext) -> Outcome:
    error, cause = state.error, state.cause
    if state.error_path is not None:
        error = to_text(evaluate_field(state.error_path, "ErrorPath", data, ctx.context))
    if state.cause_path is not None:
        cause = to_text(evaluate_field(state.cause_path, "CausePath", data, ctx.context))
    return Fail(error, cause)


def step_parallel(state: ParallelState, data: Any, ctx: StepContext) -> Outcome:
    effective = _effective(state, data, state.parameters, ctx)
    branches = tuple(
        Branch(machine, copy.deepcopy(effective), index)
        for index, machine in enumerate(state.branches)
    )
    return Fork(branches)


def step_map(state: MapState, data: Any, ctx: StepContext) -> Outcome:
    selected = select_path(state.input_path, data, ctx.context)
    items = select_path(state.items_path, selected, ctx.context) if state.items_path else selected
    if not isinstance(items, list):
        raise StatesError(
            "States.Runtime",
            f"Item path {state.items_path or '$'} must point to a JSON array but was: "
            f"{compact(items)}",
        )
    selector = state.item_selector or state.parameters
    branches = []
    for index, item in enumerate(items):
        item_input = item
        if selector is not None:
            map_ctx = {**ctx.context, "Map": {"Item": {"Index": index, "Value": item}}}
            item_input = selector.evaluate(selected, map_ctx)
        branches.append(Branch(state.processor, item_input, index, item))
    count, percentage = _tolerance(state, selected, ctx)
    return Fork(tuple(branches), state.max_concurrency, {"length": len(items)}, count, percentage)


def _tolerance(state: MapState, data: Any, ctx: StepContext) -> tuple[int | None, float | None]:
    """ToleratedFailureCount/Percentage, read from their ``...Path`` where given."""
    count: Any = state.tolerated_failure_count
    percentage: Any = state.tolerated_failure_percentage
    paths = (
        ("ToleratedFailureCount", state.tolerated_failure_count_path),
        ("ToleratedFailurePercentage", state.tolerated_failure_percentage_path),
    )
    for name, path in paths:
        if path is None:
            continue
        value = evaluate_field(path, f"{name}Path", data, ctx.context)
        is_count = name == "ToleratedFailureCount"
        kinds = int if is_count else int | float
        if isinstance(value, bool) or not isinstance(value, kinds):
            raise StatesError("States.Runtime", f"The {name}Path field refers to value "
                              f'"{to_text(value)}" which is not a valid '
                              f"{'integer' if is_count else 'number'}: {path}")  # fmt: skip
        count, percentage = (value, percentage) if is_count else (count, value)
    if count is not None and count < 0:
        raise StatesError("States.Runtime", "ToleratedFailureCount cannot be negative.")
    if percentage is not None and not 0 <= percentage <= 100:
        raise StatesError("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.")
    return count, percentage


def join(
    state: MapState | ParallelState, data: Any, results: list[Any], ctx: StepContext
) -> Outcome:
    """Finish a Map or Parallel state once every child succeeded (results in order)."""
    return _finish_result(state, data, results, ctx)


STEPS: dict[type, Callable[[Any, Any, StepContext], Outcome]] = {
    PassState: step_pass,
    TaskState: step_task,
    ChoiceState: step_choice,
    WaitState: step_wait,
    SucceedState: step_succeed,
    FailState: step_fail,
    ParallelState: step_parallel,
    MapState: step_map,
}


def step(state: AnyState, data: Any, ctx: StepContext) -> Outcome:
    """Run one state on ``data``: the single entry point the runner calls."""
    return STEPS[type(state)](state, data, ctx)
