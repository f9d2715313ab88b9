"""Static checks of JSONata expressions and ``Assign`` blocks, as ``Diagnostic``s.

Every ``{% %}`` template in a JSONata state must parse; an ``Assign`` block must be an object
whose names are valid variable names and not the reserved ``states``; Fail and Succeed
states cannot assign.
https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fourbeat.states._errors import Diagnostic
from fourbeat.states._jsonata import JsonataFailure
from fourbeat.states._templates import compile_template

SCHEMA = "SCHEMA_VALIDATION_FAILED"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,79}")
_TEMPLATED = ("Arguments", "Output", "Assign", "Items", "ItemSelector", "Error", "Cause",
              "Seconds", "Timestamp")  # fmt: skip


def _assign_blocks(state: dict[str, Any], pointer: str) -> Iterator[tuple[Any, str]]:
    if "Assign" in state:
        yield state["Assign"], f"{pointer}/Assign"
    for field in ("Choices", "Catch"):
        items = state.get(field)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and "Assign" in item:
                yield item["Assign"], f"{pointer}/{field}/{index}/Assign"


def _check_assign(block: Any, pointer: str, jsonata: bool) -> list[Diagnostic]:
    if not isinstance(block, dict):
        return [Diagnostic(SCHEMA, "The value for the field 'Assign' must be an object", pointer)]
    out = []
    for key in block:
        name = key if jsonata else key.removesuffix(".$")
        if name == "states":
            out.append(Diagnostic(SCHEMA, "The variable name 'states' is reserved", pointer))
        elif not _NAME.fullmatch(name):
            out.append(Diagnostic(SCHEMA, f"The variable name '{name}' is not valid",
                                  f"{pointer}/{key}"))  # fmt: skip
    return out


def _templates(state: dict[str, Any], pointer: str) -> Iterator[tuple[Any, str]]:
    for field in _TEMPLATED:
        if field in state:
            yield state[field], f"{pointer}/{field}"
    for field, inner in (("Choices", ("Condition", "Assign")), ("Catch", ("Output", "Assign"))):
        items = state.get(field)
        for index, item in enumerate(items if isinstance(items, list) else []):
            for key in inner:
                if isinstance(item, dict) and key in item:
                    yield item[key], f"{pointer}/{field}/{index}/{key}"


def check_expressions(state: dict[str, Any], pointer: str, jsonata: bool) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if state.get("Type") in ("Fail", "Succeed") and "Assign" in state:
        out.append(Diagnostic(SCHEMA, "Field 'Assign' is not supported", f"{pointer}/Assign"))
    for block, here in _assign_blocks(state, pointer):
        out += _check_assign(block, here, jsonata)
    if not jsonata:
        return out
    for value, here in _templates(state, pointer):
        try:
            compile_template(value, here)
        except JsonataFailure as exc:
            out.append(Diagnostic(SCHEMA, f"The JSONata expression is not valid: {exc.text}",
                                  here))  # fmt: skip
    return out
