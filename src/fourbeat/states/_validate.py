"""Static checks of a definition, collecting every problem as a ``Diagnostic``.

Codes and wording follow Step Functions' ``InvalidDefinition`` messages, e.g.
``MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next`` and
``MISSING_TRANSITION_TARGET: State "pass2" is not reachable. at /States/pass2``.
Pointers are JSON Pointers (``/States/C/Choices/0/Next``). Imports nothing outside ``states``.
"""

from __future__ import annotations

from typing import Any

from fourbeat.states._errors import Diagnostic
from fourbeat.states._fields import FIELDS, check_state_fields
from fourbeat.states._rules import check_choices
from fourbeat.states._variables_check import check_expressions

SCHEMA = "SCHEMA_VALIDATION_FAILED"
TARGET = "MISSING_TRANSITION_TARGET"


def validate(definition: Any) -> list[Diagnostic]:
    """Every problem in ``definition`` (a parsed dict); an empty list means it is valid."""
    if not isinstance(definition, dict):
        return [Diagnostic(SCHEMA, "The definition must be a JSON object", "")]
    diagnostics: list[Diagnostic] = []
    language = definition.get("QueryLanguage", "JSONPath")
    if language not in _LANGUAGES:
        diagnostics.append(_bad_language(language, "/QueryLanguage"))
    _machine(definition, "", diagnostics, language == "JSONata")
    return diagnostics


_LANGUAGES = ("JSONPath", "JSONata")


def _bad_language(value: Any, pointer: str) -> Diagnostic:
    return Diagnostic(SCHEMA, f"The value for the field 'QueryLanguage' must be one of "
                      f"{list(_LANGUAGES)}, got {value!r}", pointer)  # fmt: skip


def _language(state: dict[str, Any], pointer: str, top: bool, out: list[Diagnostic]) -> bool:
    """The state's effective language; a JSONata machine refuses JSONPath states."""
    own = state.get("QueryLanguage")
    if own is None:
        return top
    if own not in _LANGUAGES:
        out.append(_bad_language(own, f"{pointer}/QueryLanguage"))
        return top
    if top and own == "JSONPath":
        out.append(Diagnostic(SCHEMA, "'QueryLanguage' can not be 'JSONPath' if set to "
                              "'JSONata' for whole state machine", pointer))  # fmt: skip
    return bool(own == "JSONata")


_TOP_FIELDS = ("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage",
               "ProcessorConfig")  # fmt: skip


def _machine(machine: dict[str, Any], pointer: str, out: list[Diagnostic], top: bool) -> None:
    # Only the top level may set QueryLanguage; ItemProcessor and branches inherit it.
    fields = _TOP_FIELDS if not pointer else (*_TOP_FIELDS[:-2], "ProcessorConfig")
    out.extend(
        Diagnostic(SCHEMA, f"Field '{key}' is not supported", pointer or "/")
        for key in machine
        if key not in fields
    )
    states = machine.get("States")
    if not isinstance(states, dict) or not states:
        out.append(Diagnostic(SCHEMA, "The field 'States' should be a non-empty object", pointer))
        states = {}
    start = machine.get("StartAt")
    if not isinstance(start, str):
        out.append(Diagnostic(SCHEMA, "These fields are required: [StartAt]", pointer or "/"))
    elif start not in states:
        out.append(Diagnostic(TARGET, f"Missing 'Next' target: {start}", f"{pointer}/StartAt"))
    for name, state in states.items():
        _named_state(name, state, states, f"{pointer}/States/{_escape(name)}", out, top)
    if isinstance(start, str) and start in states:
        _reachability(start, states, pointer, out)


def _named_state(
    name: str, state: Any, states: dict[str, Any], here: str, out: list[Diagnostic], top: bool
) -> None:
    if len(name) > 80:
        out.append(Diagnostic(SCHEMA, "State names must be at most 80 characters", here))
    if not isinstance(state, dict):
        out.append(Diagnostic(SCHEMA, "A state must be a JSON object", here))
        return
    _state(state, here, out, top)
    for target, where in transitions(state, here):
        if target not in states:
            out.append(Diagnostic(TARGET, f"Missing 'Next' target: {target}", where))


def _state(state: dict[str, Any], pointer: str, out: list[Diagnostic], top: bool) -> None:
    jsonata = _language(state, pointer, top, out)
    out.extend(check_expressions(state, pointer, jsonata))
    kind = state.get("Type")
    if kind not in FIELDS:
        out.append(Diagnostic(SCHEMA, f"The value of 'Type' is not a valid state type: {kind}",
                              f"{pointer}/Type"))  # fmt: skip
        return
    out.extend(check_state_fields(kind, state, pointer, jsonata))
    if kind == "Choice":
        out.extend(check_choices(state, pointer, jsonata))
    for index, branch in enumerate(state.get("Branches") or []):
        if isinstance(branch, dict):
            _machine(branch, f"{pointer}/Branches/{index}", out, top)
    processor = state.get("ItemProcessor", state.get("Iterator"))
    if isinstance(processor, dict):
        field = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
        _machine(processor, f"{pointer}/{field}", out, top)


def transitions(state: dict[str, Any], pointer: str) -> list[tuple[str, str]]:
    """Every state name ``state`` can go to, with the pointer of the field naming it."""
    found: list[tuple[str, str]] = []
    if isinstance(state.get("Next"), str):
        found.append((state["Next"], f"{pointer}/Next"))
    if isinstance(state.get("Default"), str):
        found.append((state["Default"], f"{pointer}/Default"))
    for field in ("Choices", "Catch"):
        items = state.get(field)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("Next"), str):
                found.append((item["Next"], f"{pointer}/{field}/{index}/Next"))
    return found


def _reachability(start: str, states: dict[str, Any], pointer: str, out: list[Diagnostic]) -> None:
    # AWS reports a workflow with no terminal state at all instead of any unreachable state.
    if not any(_terminal(state) for state in states.values()):
        out.append(Diagnostic("MISSING_END_STATE", "Workflow has no terminal state", ""))
        return
    seen = {start}
    todo = [start]
    while todo:
        state = states[todo.pop()]
        if not isinstance(state, dict):
            continue
        for target, _ in transitions(state, ""):
            if target in states and target not in seen:
                seen.add(target)
                todo.append(target)
    for name in states:
        if name not in seen:
            here = f"{pointer}/States/{_escape(name)}"
            out.append(Diagnostic(TARGET, f'State "{name}" is not reachable.', here))


def _terminal(state: Any) -> bool:
    if not isinstance(state, dict):
        return False
    return state.get("End") is True or state.get("Type") in ("Succeed", "Fail")


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")
