"""Which fields each state type accepts, and the checks on their values.

Field sets follow the ASL spec and the Step Functions state pages
(https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html).
Every problem is returned as a ``Diagnostic``; nothing raises. Imports nothing outside
``states``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fourbeat.states._errors import Diagnostic
from fourbeat.states._jsonpath import JsonPathSyntaxError, compile_path
from fourbeat.states._payload import PayloadError, compile_expression, compile_payload

SCHEMA = "SCHEMA_VALIDATION_FAILED"
_FLOW = {"Next", "End"}
_IO = {"InputPath", "OutputPath"}
_RESULT = {"ResultPath", "Parameters", "ResultSelector", "Retry", "Catch"}
_COMMON = {"Type", "Comment", "QueryLanguage", "Assign", "Output"}
FIELDS: dict[str, set[str]] = {
    "Pass": _COMMON | _FLOW | _IO | {"ResultPath", "Parameters", "Result"},
    "Task": _COMMON | _FLOW | _IO | _RESULT | {"Resource", "TimeoutSeconds", "Arguments",
            "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"},
    "Choice": _COMMON | _IO | {"Choices", "Default"},
    "Wait": _COMMON | _FLOW | _IO | {"Seconds", "Timestamp", "SecondsPath", "TimestampPath"},
    "Succeed": {"Type", "Comment", "QueryLanguage", "Output"} | _IO,
    "Fail": {"Type", "Comment", "QueryLanguage", "Error", "Cause", "ErrorPath", "CausePath"},
    "Parallel": _COMMON | _FLOW | _IO | _RESULT | {"Branches", "Arguments"},
    "Map": _COMMON | _FLOW | _IO | _RESULT | {"ItemProcessor", "Iterator", "ItemsPath", "Items",
           "ItemSelector", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount",
           "ToleratedFailureCountPath", "ToleratedFailurePercentage", "Label",
           "ToleratedFailurePercentagePath", "ItemReader", "ItemBatcher", "ResultWriter"},
}  # fmt: skip
_REFERENCE_PATHS = ("InputPath", "OutputPath", "ResultPath", "ItemsPath", "SecondsPath",
                    "TimestampPath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
                    "ToleratedFailurePercentagePath")  # fmt: skip
_PAYLOADS = ("Parameters", "ResultSelector", "ItemSelector")
_WAIT_FIELDS = ("Seconds", "Timestamp", "SecondsPath", "TimestampPath")


# Fields only one query language accepts; the other refuses them with AWS's wording.
# https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
JSONPATH_ONLY = {
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "ItemsPath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
}
JSONATA_ONLY = {"Arguments", "Output", "Items"}


def language_diagnostics(node: dict[str, Any], pointer: str, jsonata: bool) -> list[Diagnostic]:
    """Fields of the other query language, in a state or a catcher."""
    refused, own, other = (
        (JSONPATH_ONLY, "JSONata", "JSONPath") if jsonata else (JSONATA_ONLY, "JSONPath", "JSONata")
    )
    return [
        Diagnostic(
            SCHEMA,
            f"The QueryLanguage is set to '{own}', but field '{key}' is only "
            f"supported for the '{other}' QueryLanguage",
            f"{pointer}/{key}",
        )
        for key in node
        if key in refused
    ]


def check_state_fields(
    kind: str, state: dict[str, Any], pointer: str, jsonata: bool = False
) -> list[Diagnostic]:
    out = [
        Diagnostic(SCHEMA, f"Field '{key}' is not supported", f"{pointer}/{key}")
        for key in state
        if key not in FIELDS[kind]
    ]
    out += language_diagnostics(state, pointer, jsonata)
    for index, catcher in enumerate(state.get("Catch") or []):
        if isinstance(catcher, dict):
            out += language_diagnostics(catcher, f"{pointer}/Catch/{index}", jsonata)
    if jsonata:
        return out + _flow(kind, state, pointer) + _handlers(state, pointer)
    out += _assign(state, pointer)
    out += _flow(kind, state, pointer)
    out += _paths(state, pointer)
    out += _payloads(state, pointer)
    out += _handlers(state, pointer)
    out += _specific(kind, state, pointer)
    return out


def _flow(kind: str, state: dict[str, Any], pointer: str) -> list[Diagnostic]:
    if "Next" not in FIELDS[kind]:
        return []
    has_next, end = "Next" in state, state.get("End") is True
    if has_next and end:
        return [Diagnostic(SCHEMA, "Only one of 'Next' or 'End' may be set", pointer)]
    if not has_next and not end:
        return [Diagnostic(SCHEMA, "One of 'Next' or 'End' is required", pointer)]
    return []


def _paths(state: dict[str, Any], pointer: str) -> list[Diagnostic]:
    out = []
    for field in _REFERENCE_PATHS:
        value = state.get(field)
        if value is None:
            continue  # null InputPath/OutputPath/ResultPath is allowed and means {} or discard
        try:
            path = compile_path(value) if isinstance(value, str) else None
        except JsonPathSyntaxError:
            path = None
        if path is None or (
            field == "ResultPath"
            and (path.context or not path.definite or path.variable is not None)
        ):
            out.append(Diagnostic(SCHEMA, f"The value for the field '{field}' must be a valid "
                                  "JSONPath", f"{pointer}/{field}"))  # fmt: skip
    for field in ("ErrorPath", "CausePath"):
        if field in state:
            try:
                compile_expression(state[field])
            except (ValueError, TypeError):
                out.append(Diagnostic(SCHEMA, f"The value for the field '{field}' must be a valid "
                                      "JSONPath or a valid intrinsic function call",
                                      f"{pointer}/{field}"))  # fmt: skip
    return out


def _assign(state: dict[str, Any], pointer: str) -> list[Diagnostic]:
    if "Assign" not in state:
        return []
    try:
        compile_payload(state["Assign"], f"{pointer}/Assign")
    except PayloadError as exc:
        return [Diagnostic(SCHEMA, str(exc), exc.pointer)]
    return []


def _payloads(state: dict[str, Any], pointer: str) -> list[Diagnostic]:
    out = []
    for field in _PAYLOADS:
        if field in state:
            try:
                compile_payload(state[field], f"{pointer}/{field}")
            except PayloadError as exc:
                out.append(Diagnostic(SCHEMA, str(exc), exc.pointer))
    return out


def _handlers(state: dict[str, Any], pointer: str) -> list[Diagnostic]:
    out = []
    for field in ("Retry", "Catch"):
        items = state.get(field, [])
        if not isinstance(items, list):
            out.append(Diagnostic(SCHEMA, f"The field '{field}' must be an array", pointer))
            continue
        for index, item in enumerate(items):
            here = f"{pointer}/{field}/{index}"
            errors = item.get("ErrorEquals") if isinstance(item, dict) else None
            if not isinstance(errors, list) or not errors:
                out.append(Diagnostic(SCHEMA, "These fields are required: [ErrorEquals]", here))
                continue
            if "States.ALL" in errors and (len(errors) > 1 or index != len(items) - 1):
                out.append(Diagnostic(SCHEMA, "States.ALL must appear alone in the last "
                                      f"{'Retrier' if field == 'Retry' else 'Catcher'}",
                                      f"{here}/ErrorEquals"))  # fmt: skip
            if field == "Catch" and "Next" not in item:
                out.append(Diagnostic(SCHEMA, "These fields are required: [Next]", here))
            out += _retrier_values(item, here) if field == "Retry" else []
    return out


def _retrier_values(item: dict[str, Any], pointer: str) -> list[Diagnostic]:
    checks: dict[str, Callable[[Any], bool]] = {
        "IntervalSeconds": lambda v: isinstance(v, int) and v >= 1,
        "MaxAttempts": lambda v: isinstance(v, int) and v >= 0,
        "BackoffRate": lambda v: isinstance(v, int | float) and v >= 1.0,
        "MaxDelaySeconds": lambda v: isinstance(v, int) and v >= 1,
        "JitterStrategy": lambda v: v in ("FULL", "NONE"),
    }
    return [
        Diagnostic(SCHEMA, f"The value of '{key}' is not valid: {item[key]!r}", f"{pointer}/{key}")
        for key, ok in checks.items()
        if key in item and (isinstance(item[key], bool) or not ok(item[key]))
    ]


def _specific(kind: str, state: dict[str, Any], pointer: str) -> list[Diagnostic]:
    out = []
    if kind == "Task" and not isinstance(state.get("Resource"), str):
        out.append(Diagnostic(SCHEMA, "These fields are required: [Resource]", pointer))
    if kind == "Wait" and sum(field in state for field in _WAIT_FIELDS) != 1:
        out.append(Diagnostic(SCHEMA, "Exactly one of 'Seconds', 'Timestamp', 'SecondsPath' or "
                              "'TimestampPath' is required", pointer))  # fmt: skip
    if kind == "Fail":
        for a, b in (("Error", "ErrorPath"), ("Cause", "CausePath")):
            if a in state and b in state:
                out.append(Diagnostic(SCHEMA, f"Only one of '{a}' or '{b}' may be set", pointer))
    if kind == "Parallel" and not (isinstance(state.get("Branches"), list) and state["Branches"]):
        out.append(Diagnostic(SCHEMA, "These fields are required: [Branches]", pointer))
    if kind == "Map" and not isinstance(state.get("ItemProcessor", state.get("Iterator")), dict):
        out.append(Diagnostic(SCHEMA, "These fields are required: [ItemProcessor]", pointer))
    if kind == "Choice" and not (isinstance(state.get("Choices"), list) and state["Choices"]):
        out.append(Diagnostic(SCHEMA, "These fields are required: [Choices]", pointer))
    return out
