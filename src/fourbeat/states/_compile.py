"""Definition text or dict -> validated -> compiled ``Machine`` (parse, validate, compile).

``load`` raises ``InvalidDefinition`` with every diagnostic; compilation itself assumes a
definition that passed ``validate``. Imports nothing outside ``states``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fourbeat.states._errors import Diagnostic, InvalidDefinition
from fourbeat.states._jsonpath import JsonPath, compile_path
from fourbeat.states._model import (
    AnyState,
    Catcher,
    ChoiceState,
    FailState,
    Machine,
    MapState,
    ParallelState,
    PassState,
    Retrier,
    State,
    SucceedState,
    TaskState,
    WaitState,
)
from fourbeat.states._payload import compile_expression, compile_payload
from fourbeat.states._rules import compile_choice
from fourbeat.states._templates import Template, compile_template, is_expression
from fourbeat.states._validate import validate

_ABSENT = object()


def parse(definition: str | dict[str, Any]) -> dict[str, Any]:
    """The definition as a dict; JSON that does not parse is an ``InvalidDefinition``."""
    if isinstance(definition, dict):
        return definition
    try:
        parsed = json.loads(definition)
    except ValueError as exc:
        raise InvalidDefinition([Diagnostic("INVALID_JSON_DESCRIPTION", str(exc), "")]) from exc
    if not isinstance(parsed, dict):
        raise InvalidDefinition([Diagnostic("SCHEMA_VALIDATION_FAILED", "not an object", "")])
    return parsed


def load(definition: str | dict[str, Any]) -> Machine:
    """Parse, validate and compile a definition; raises ``InvalidDefinition``."""
    parsed = parse(definition)
    diagnostics = validate(parsed)
    if diagnostics:
        raise InvalidDefinition(diagnostics)
    return compile_machine(parsed, "", parsed.get("QueryLanguage") == "JSONata")


def compile_machine(machine: dict[str, Any], pointer: str, jsonata: bool = False) -> Machine:
    """Compile a machine or branch; its states inherit the top-level QueryLanguage."""
    states = {}
    for name, state in machine["States"].items():
        own = state.get("QueryLanguage")
        is_jsonata = own == "JSONata" if own is not None else jsonata
        states[name] = _compile_state(name, state, f"{pointer}/States/{name}", is_jsonata, jsonata)
    return Machine(
        machine["StartAt"], states, pointer, machine.get("Comment"), machine.get("TimeoutSeconds")
    )


def _path(state: dict[str, Any], field: str, default: str | None = "$") -> JsonPath | None:
    value = state.get(field, _ABSENT)
    if value is _ABSENT:
        value = default
    return None if value is None else compile_path(value)


def _common(name: str, state: dict[str, Any], pointer: str) -> dict[str, Any]:
    jsonata = state.get("__jsonata__") is True
    return {
        "name": name,
        "pointer": pointer,
        "next": state.get("Next"),
        "end": state.get("End") is True,
        "input_path": _path(state, "InputPath"),
        "output_path": _path(state, "OutputPath"),
        "comment": state.get("Comment"),
        "jsonata": jsonata,
        "assign": _assign(state, pointer, jsonata),
        "output": _template(state, "Output"),
    }


def _template(state: dict[str, Any], field: str) -> Template | None:
    return compile_template(state[field], field) if field in state else None


def _assign(node: dict[str, Any], pointer: str, jsonata: bool) -> Any:
    if "Assign" not in node:
        return None
    if jsonata:
        return compile_template(node["Assign"], "Assign")
    return compile_payload(node["Assign"], f"{pointer}/Assign")


def _payload(state: dict[str, Any], field: str, pointer: str) -> Any:
    if field not in state:
        return None
    if state.get("__jsonata__") is True:
        return compile_template(state[field], field)
    return compile_payload(state[field], f"{pointer}/{field}")


def _handles(state: dict[str, Any], pointer: str) -> dict[str, Any]:
    retry = tuple(
        Retrier(
            tuple(r["ErrorEquals"]),
            f"{pointer}/Retry/{i}",
            r.get("IntervalSeconds", 1),
            r.get("MaxAttempts", 3),
            r.get("BackoffRate", 2.0),
            r.get("MaxDelaySeconds"),
            r.get("JitterStrategy", "NONE"),
        )
        for i, r in enumerate(state.get("Retry", []))
    )
    jsonata = state.get("__jsonata__") is True
    catch = tuple(
        Catcher(tuple(c["ErrorEquals"]), c["Next"], _path(c, "ResultPath"), f"{pointer}/Catch/{i}",
                _assign(c, f"{pointer}/Catch/{i}", jsonata), _template(c, "Output"), jsonata)
        for i, c in enumerate(state.get("Catch", []))
    )  # fmt: skip
    return {
        "parameters": _payload(state, "Parameters", pointer),
        "arguments": _template(state, "Arguments"),
        "result_selector": _payload(state, "ResultSelector", pointer),
        "result_path": _path(state, "ResultPath"),
        "retry": retry,
        "catch": catch,
    }


def _pass(name: str, s: dict[str, Any], p: str) -> State:
    return PassState(**_common(name, s, p), parameters=_payload(s, "Parameters", p),
                     result=s.get("Result"), has_result="Result" in s,
                     result_path=_path(s, "ResultPath"))  # fmt: skip


def _task(name: str, s: dict[str, Any], p: str) -> State:
    return TaskState(**_common(name, s, p), **_handles(s, p), resource=s["Resource"],
                     timeout_seconds=s.get("TimeoutSeconds"),
                     heartbeat_seconds=s.get("HeartbeatSeconds"))  # fmt: skip


def _choice(name: str, s: dict[str, Any], p: str) -> State:
    jsonata = s.get("__jsonata__") is True
    choices = tuple(
        compile_choice(c, f"{p}/Choices/{i}", jsonata) for i, c in enumerate(s["Choices"])
    )
    return ChoiceState(**_common(name, s, p), choices=choices, default=s.get("Default"))


def _wait(name: str, s: dict[str, Any], p: str) -> State:
    seconds, timestamp = s.get("Seconds"), s.get("Timestamp")
    seconds_template = _template(s, "Seconds") if is_expression(seconds) else None
    timestamp_template = _template(s, "Timestamp") if is_expression(timestamp) else None
    return WaitState(**_common(name, s, p), seconds=None if seconds_template else seconds,
                     timestamp=None if timestamp_template else timestamp,
                     seconds_path=_path(s, "SecondsPath", None),
                     timestamp_path=_path(s, "TimestampPath", None),
                     seconds_template=seconds_template,
                     timestamp_template=timestamp_template)  # fmt: skip


def _succeed(name: str, s: dict[str, Any], p: str) -> State:
    return SucceedState(**_common(name, s, p))


def _fail(name: str, s: dict[str, Any], p: str) -> State:
    error_path, cause_path = s.get("ErrorPath"), s.get("CausePath")
    jsonata = s.get("__jsonata__") is True
    return FailState(name=name, pointer=p, end=True, comment=s.get("Comment"), jsonata=jsonata,
                     error=s.get("Error"), cause=s.get("Cause"),
                     error_template=_template(s, "Error") if jsonata else None,
                     cause_template=_template(s, "Cause") if jsonata else None,
                     error_path=compile_expression(error_path) if error_path else None,
                     cause_path=compile_expression(cause_path) if cause_path else None)  # fmt: skip


def _parallel(name: str, s: dict[str, Any], p: str) -> State:
    top = s["__top_jsonata__"]
    branches = tuple(
        compile_machine(b, f"{p}/Branches/{i}", top) for i, b in enumerate(s["Branches"])
    )
    return ParallelState(**_common(name, s, p), **_handles(s, p), branches=branches)


def _map(name: str, s: dict[str, Any], p: str) -> State:
    field = "ItemProcessor" if "ItemProcessor" in s else "Iterator"
    return MapState(
        **_common(name, s, p),
        **_handles(s, p),
        processor=compile_machine(s[field], f"{p}/{field}", s["__top_jsonata__"]),
        items_path=_path(s, "ItemsPath"),
        items=_template(s, "Items"),
        item_selector=_payload(s, "ItemSelector", p),
        max_concurrency=s.get("MaxConcurrency", 0),
        tolerated_failure_count=s.get("ToleratedFailureCount"),
        tolerated_failure_percentage=s.get("ToleratedFailurePercentage"),
        tolerated_failure_count_path=_path(s, "ToleratedFailureCountPath", None),
        tolerated_failure_percentage_path=_path(s, "ToleratedFailurePercentagePath", None),
    )


_COMPILERS: dict[str, Callable[[str, dict[str, Any], str], State]] = {
    "Pass": _pass,
    "Task": _task,
    "Choice": _choice,
    "Wait": _wait,
    "Succeed": _succeed,
    "Fail": _fail,
    "Parallel": _parallel,
    "Map": _map,
}


def _compile_state(
    name: str, state: dict[str, Any], pointer: str, jsonata: bool, top: bool
) -> AnyState:
    # The compilers read the effective language from these two private keys of a copy.
    marked = {**state, "__jsonata__": jsonata, "__top_jsonata__": top}
    return _COMPILERS[state["Type"]](name, marked, pointer)  # type: ignore[return-value]
