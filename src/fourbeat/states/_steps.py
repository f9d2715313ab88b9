"""One pure ``step(state, data, ctx) -> Outcome`` per state type, dispatched by class.

A step reads the state's input and the context, and returns what happens next as a value;
errors a retrier or catcher may handle are raised as ``StatesError``. Map and Parallel return
a ``Fork`` and finish in ``join`` once their children are done. Time is ``ctx.now`` (from the
injected clock) and Task work goes through the injected ``ctx.invoke``; nothing here sleeps,
stores or imports a service. https://docs.aws.amazon.com/step-functions/latest/dg/concepts-states.html
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from fourbeat.states._choice import parse_timestamp
from fourbeat.states._dataflow import NO_RESULT, Finish, flow
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
    Suspend,
    TaskState,
    Wait,
    WaitState,
)
from fourbeat.states._payload import compact, evaluate_field, select_path
from fourbeat.states._scope import Scope, Variables
from fourbeat.states._templates import QUERY_ERROR, Expression, json_type, query_error

Invoke = Callable[[str, Any], Any]
CALLBACK = ".waitForTaskToken"


@dataclass
class StepContext:
    """What a step may read besides its input: ``$$``, variables, the time, the invoker."""

    context: dict[str, Any]
    now: float
    invoke: Invoke | None = None
    variables: Variables = field(default_factory=Variables)

    @property
    def scope(self) -> Scope:
        return Scope(self.context, self.variables)


def _to(state: AnyState, finish: Finish) -> Outcome:
    if state.end or state.next is None:
        return End(finish.output, finish.assigned)
    return Next(state.next, finish.output, finish.assigned)


def step_pass(state: PassState, data: Any, ctx: StepContext) -> Outcome:
    if state.jsonata:
        return _to(state, flow(state).finish(state, data, NO_RESULT, ctx.scope))
    effective = flow(state).effective(state, data, state.parameters, ctx.scope)
    result = copy.deepcopy(state.result) if state.has_result else effective
    return _to(state, flow(state).finish(state, data, result, ctx.scope))


def step_task(state: TaskState, data: Any, ctx: StepContext) -> Outcome:
    if ctx.invoke is None:
        raise StatesError(
            "States.Runtime", f"No task invoker is configured to run '{state.resource}'"
        )
    payload = state.arguments if state.jsonata else state.parameters
    effective = flow(state).effective(state, data, payload, ctx.scope)
    try:
        result = ctx.invoke(state.resource, effective)
    except StatesError as exc:
        raise TaskFailure(exc.error, exc.cause) from exc
    except Exception as exc:  # a task's own failure: its error name is the exception type
        raise TaskFailure(type(exc).__name__, str(exc)) from exc
    if is_callback(state):
        return Suspend(ctx.context["Task"]["Token"])
    return task_done(state, data, result, ctx)


def is_callback(state: TaskState) -> bool:
    """A ``.waitForTaskToken`` task: its result is what SendTaskSuccess sends, later."""
    return state.resource.endswith(CALLBACK)


def task_done(state: TaskState, data: Any, result: Any, ctx: StepContext) -> Outcome:
    """Where a task goes with its result (now, or when its token is answered)."""
    return _to(state, flow(state).finish(state, data, result, ctx.scope))


def step_choice(state: ChoiceState, data: Any, ctx: StepContext) -> Outcome:
    scope = ctx.scope
    effective = flow(state).input(state, data, scope)
    for choice in state.choices:
        if choice.rule.evaluate(effective, scope):
            return _chosen(state, choice.next, choice.assign, data, scope)
    if state.default is None:
        raise StatesError(
            "States.NoChoiceMatched",
            f"No Matches! at state '{state.name}' with input '{compact(effective)}'",
        )
    return _chosen(state, state.default, None, data, scope)


def _chosen(state: ChoiceState, target: str, assign: Any, data: Any, scope: Scope) -> Outcome:
    """The state's own Assign, then the matched rule's on top of it."""
    finish = flow(state).finish(state, data, NO_RESULT, scope)
    if assign is not None:
        rule = flow(state).finish(replace(state, assign=assign), data, NO_RESULT, scope)
        finish = Finish(finish.output, {**finish.assigned, **rule.assigned})
    return Next(target, finish.output, finish.assigned)


def step_wait(state: WaitState, data: Any, ctx: StepContext) -> Outcome:
    effective = flow(state).input(state, data, ctx.scope)
    until = _wait_until(state, effective, ctx)
    finish = flow(state).finish(state, data, NO_RESULT, ctx.scope)
    return Wait(until, None if state.end else state.next, finish.output, finish.assigned)


def _wait_until(state: WaitState, data: Any, ctx: StepContext) -> float:
    scope = ctx.scope.with_states(input=data)
    if state.seconds_template is not None:
        return ctx.now + _seconds(state.seconds_template.evaluate(data, scope), "Seconds", None)
    if state.timestamp_template is not None:
        return _timestamp(state.timestamp_template.evaluate(data, scope), "Timestamp", None)
    if state.seconds is not None:
        return ctx.now + state.seconds
    if state.timestamp is not None:
        return _timestamp(state.timestamp, "Timestamp", None)
    path: JsonPath = state.seconds_path or state.timestamp_path  # type: ignore[assignment]
    try:
        value = path.evaluate(data, scope)
    except PathNotFound as exc:
        field_name = "SecondsPath" if state.seconds_path else "TimestampPath"
        raise StatesError(
            "States.Runtime",
            f"The {field_name} parameter does not reference an input value: {path}",
        ) from exc
    if state.timestamp_path is not None:
        return _timestamp(value, "TimestampPath", path)
    return ctx.now + _seconds(value, "SecondsPath", path)


def _seconds(value: Any, field_name: str, path: JsonPath | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise StatesError(
            "States.Runtime",
            f"The {field_name} parameter does not reference a positive integer value: {path}",
        )
    return float(value)


def _timestamp(value: Any, field_name: str, path: JsonPath | None) -> float:
    parsed = parse_timestamp(value)
    if parsed is None:
        raise StatesError(
            "States.Runtime",
            f"The {field_name} parameter does not reference a valid ISO-8601 extended offset "
            f"date-time format string: {path} == {to_text(value)}",
        )
    return parsed.timestamp()


def step_succeed(state: SucceedState, data: Any, ctx: StepContext) -> Outcome:
    return End(flow(state).finish(state, data, NO_RESULT, ctx.scope).output)


def step_fail(state: FailState, data: Any, ctx: StepContext) -> Outcome:
    error, cause = state.error, state.cause
    scope = ctx.scope.with_states(input=data)
    if state.error_template is not None:
        error = to_text(state.error_template.evaluate(data, scope))
    if state.cause_template is not None:
        cause = to_text(state.cause_template.evaluate(data, scope))
    if state.error_path is not None:
        error = to_text(evaluate_field(state.error_path, "ErrorPath", data, scope))
    if state.cause_path is not None:
        cause = to_text(evaluate_field(state.cause_path, "CausePath", data, scope))
    return Fail(error, cause)


def step_parallel(state: ParallelState, data: Any, ctx: StepContext) -> Outcome:
    payload = state.arguments if state.jsonata else state.parameters
    effective = flow(state).effective(state, data, payload, ctx.scope)
    branches = tuple(
        Branch(machine, copy.deepcopy(effective), index)
        for index, machine in enumerate(state.branches)
    )
    return Fork(branches)


def step_map(state: MapState, data: Any, ctx: StepContext) -> Outcome:
    scope = ctx.scope
    selected = flow(state).input(state, data, scope)
    items = _items(state, selected, scope)
    selector = state.item_selector or state.parameters
    branches = []
    for index, item in enumerate(items):
        item_input = item
        if selector is not None:
            item_scope = scope.with_context(Map={"Item": {"Index": index, "Value": item}})
            item_input = selector.evaluate(selected, item_scope.with_states(input=selected))
        branches.append(Branch(state.processor, item_input, index, item))
    count, percentage = _tolerance(state, selected, ctx)
    return Fork(tuple(branches), state.max_concurrency, {"length": len(items)}, count, percentage)


def _items(state: MapState, selected: Any, scope: Scope) -> list[Any]:
    if state.items is not None:
        items = state.items.evaluate(selected, scope.with_states(input=selected))
        if not isinstance(items, list):
            raise query_error(state.items.expression if isinstance(state.items, Expression)
                              else items, "Items", "returned an unexpected result type. "
                              f"Expected 'array', but was '{json_type(items)}' for value: "
                              f"{compact(items)}")  # fmt: skip
        return items
    if state.jsonata:
        if not isinstance(selected, list):
            raise StatesError(
                QUERY_ERROR, f"Map state input must be an array but was: {compact(selected)}"
            )
        return selected
    items = select_path(state.items_path, selected, scope) if state.items_path else selected
    if not isinstance(items, list):
        raise StatesError(
            "States.Runtime",
            f"Item path {state.items_path or '$'} must point to a JSON array but was: "
            f"{compact(items)}",
        )
    return items


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
        value = _number_text(evaluate_field(path, f"{name}Path", data, ctx.scope))
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


def _number_text(value: Any) -> Any:
    """A ``...Path`` value may be a number written as a string (``"1"``), as AWS accepts."""
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else value
        except ValueError:
            return value
    return value


def join(
    state: MapState | ParallelState, data: Any, results: list[Any], ctx: StepContext
) -> Outcome:
    """Finish a Map or Parallel state once every child succeeded (results in order)."""
    return _to(state, flow(state).finish(state, data, results, ctx.scope))


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
