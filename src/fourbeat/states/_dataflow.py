"""How a state turns its input into an effective input, and its result into output + variables.

Two query languages, two strategies with the same three methods, picked by the state's
``jsonata`` flag (never by comparing strings at run time):

* JSONPath: ``InputPath`` -> ``Parameters`` -> (result) -> ``ResultSelector`` -> ``ResultPath``
  -> ``OutputPath``; ``Assign`` reads the result (after ``ResultSelector``), or the effective
  input for states without a result (Choice, Wait, Succeed);
  https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
* JSONata: ``Arguments`` and ``Output`` are templates over ``$states.input`` /
  ``$states.result`` / ``$states.errorOutput``; ``Output`` defaults to the result, or the input.
  https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html

``Assign`` and the output are evaluated with the variables as they were on entering the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from fourbeat.states._payload import apply_result_path, select_path
from fourbeat.states._scope import Scope

NO_RESULT: Any = object()  # the state has no result of its own (Choice, Wait, Succeed, Pass)


class Evaluates(Protocol):
    def evaluate(self, doc: Any, ctx: Any) -> Any: ...


@dataclass(frozen=True)
class Finish:
    """A state's output and the variables it assigns."""

    output: Any
    assigned: dict[str, Any]


def _assign(assign: Evaluates | None, doc: Any, scope: Scope) -> dict[str, Any]:
    return dict(assign.evaluate(doc, scope)) if assign is not None else {}


class JsonPathFlow:
    def input(self, state: Any, data: Any, scope: Scope) -> Any:
        return select_path(state.input_path, data, scope)

    def effective(self, state: Any, data: Any, payload: Evaluates | None, scope: Scope) -> Any:
        selected = self.input(state, data, scope)
        return payload.evaluate(selected, scope) if payload is not None else selected

    def finish(self, state: Any, data: Any, result: Any, scope: Scope) -> Finish:
        if result is NO_RESULT:
            effective = self.input(state, data, scope)
            assigned = _assign(state.assign, effective, scope)
            return Finish(select_path(state.output_path, effective, scope), assigned)
        selector = getattr(state, "result_selector", None)
        if selector is not None:
            result = selector.evaluate(result, scope)
        assigned = _assign(state.assign, result, scope)
        output = apply_result_path(state.result_path, data, result)
        return Finish(select_path(state.output_path, output, scope), assigned)

    def caught(self, catcher: Any, data: Any, error: dict[str, Any], scope: Scope) -> Finish:
        assigned = _assign(catcher.assign, error, scope)
        return Finish(apply_result_path(catcher.result_path, data, error), assigned)


class JsonataFlow:
    def input(self, state: Any, data: Any, scope: Scope) -> Any:
        return data

    def effective(self, state: Any, data: Any, payload: Evaluates | None, scope: Scope) -> Any:
        return payload.evaluate(data, scope.with_states(input=data)) if payload else data

    def finish(self, state: Any, data: Any, result: Any, scope: Scope) -> Finish:
        if result is NO_RESULT:
            scope, default = scope.with_states(input=data), data
        else:
            scope, default = scope.with_states(input=data, result=result), result
        assigned = _assign(state.assign, default, scope)
        output = state.output.evaluate(default, scope) if state.output is not None else default
        return Finish(output, assigned)

    def caught(self, catcher: Any, data: Any, error: dict[str, Any], scope: Scope) -> Finish:
        scope = scope.with_states(input=data, errorOutput=error)
        assigned = _assign(catcher.assign, error, scope)
        output = catcher.output.evaluate(error, scope) if catcher.output is not None else error
        return Finish(output, assigned)


Flow = JsonPathFlow | JsonataFlow
FLOWS: dict[bool, Flow] = {False: JsonPathFlow(), True: JsonataFlow()}


def flow(state: Any) -> Flow:
    """The strategy for ``state`` (or a catcher): JSONata when it says so."""
    return FLOWS[bool(state.jsonata)]
