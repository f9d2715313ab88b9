"""Data flow between states: payload templates, InputPath/OutputPath and ResultPath.

A payload template (``Parameters``, ``ResultSelector``, ``ItemSelector``) compiles once into
a ``Payload`` tree where every ``"key.$"`` value is a JSONPath or an intrinsic function.
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html
Nothing here mutates the data it is given. Imports nothing outside ``states``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from fourbeat.states._errors import PathNotFound, StatesError
from fourbeat.states._intrinsics import Call, compile_intrinsic, is_intrinsic
from fourbeat.states._jsonpath import Field, JsonPath, compile_path
from fourbeat.states._scope import context_of

Expression = JsonPath | Call


def compile_expression(text: str) -> Expression:
    """A ``.$`` value: an intrinsic call or a JSONPath (raises a ``ValueError`` subclass)."""
    return compile_intrinsic(text) if is_intrinsic(text) else compile_path(text)


def compact(value: Any) -> str:
    """JSON as Step Functions writes it into history and error causes: no spaces."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def evaluate_field(expression: Expression, field: str, doc: Any, ctx: Any) -> Any:
    """Evaluate ``expression`` for ``field``, wording a missing path as AWS does."""
    try:
        return expression.evaluate(doc, ctx)
    except PathNotFound as exc:
        searched = context_of(ctx) if exc.path.startswith("$$") else doc
        raise StatesError(
            "States.Runtime",
            f"The JSONPath '{exc.path}' specified for the field '{field}' could not be found "
            f"in the input '{compact(searched)}'",
        ) from exc


@dataclass(frozen=True)
class Dynamic:
    """A ``"key.$"`` entry: the output key (without ``.$``) and the expression to evaluate."""

    key: str
    expression: Expression


@dataclass(frozen=True)
class Payload:
    """A compiled payload template; ``evaluate`` builds a new value from the input."""

    static: tuple[tuple[str, Any], ...]  # key -> literal value or a nested Payload / list
    dynamic: tuple[Dynamic, ...]

    def evaluate(self, doc: Any, ctx: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.static:
            out[key] = _evaluate_value(value, doc, ctx)
        for entry in self.dynamic:
            out[entry.key] = evaluate_field(entry.expression, f"{entry.key}.$", doc, ctx)
        return out


def _evaluate_value(value: Any, doc: Any, ctx: Any) -> Any:
    if isinstance(value, Payload):
        return value.evaluate(doc, ctx)
    if isinstance(value, list):
        return [_evaluate_value(item, doc, ctx) for item in value]
    return copy.deepcopy(value)


class PayloadError(ValueError):
    """A ``.$`` value that is neither a JSONPath nor an intrinsic call, with its pointer."""

    def __init__(self, pointer: str, key: str) -> None:
        super().__init__(
            f"The value for the field '{key}' must be a valid JSONPath or a valid intrinsic "
            "function call"
        )
        self.pointer = pointer


def compile_payload(template: Any, pointer: str) -> Any:
    """Compile a template value: objects become ``Payload``s, lists are walked, rest literal."""
    if isinstance(template, list):
        return [compile_payload(item, f"{pointer}/{i}") for i, item in enumerate(template)]
    if not isinstance(template, dict):
        return template
    static: list[tuple[str, Any]] = []
    dynamic: list[Dynamic] = []
    for key, value in template.items():
        if not key.endswith(".$"):
            static.append((key, compile_payload(value, f"{pointer}/{key}")))
            continue
        if not isinstance(value, str):
            raise PayloadError(pointer, key)
        try:
            dynamic.append(Dynamic(key[:-2], compile_expression(value)))
        except ValueError as exc:
            raise PayloadError(pointer, key) from exc
    return Payload(tuple(static), tuple(dynamic))


def select_path(path: JsonPath | None, data: Any, ctx: Any) -> Any:
    """InputPath/OutputPath: ``None`` (JSON null) gives ``{}``; a miss is States.Runtime."""
    if path is None:
        return {}
    try:
        return path.evaluate(data, ctx)
    except PathNotFound as exc:
        raise StatesError(
            "States.Runtime",
            f"Invalid path '{exc.path}' : No results for path: {exc.normalized}",
        ) from exc


def apply_result_path(path: JsonPath | None, data: Any, result: Any) -> Any:
    """Place ``result`` into a copy of ``data`` at ``path`` (``None``: discard the result).

    https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
    """
    if path is None:
        return copy.deepcopy(data)
    if not path.segments:
        return copy.deepcopy(result)
    out = copy.deepcopy(data)
    node = out
    names = [s.name for s in path.segments if isinstance(s, Field)]
    for depth, name in enumerate(names):
        if not isinstance(node, dict):
            raise StatesError(
                "States.Runtime",
                f"Unable to apply ResultPath '{path}' to input '{compact(data)}': "
                f"'{'.'.join(['$', *names[:depth]])}' is not an object",
            )
        if depth == len(names) - 1:
            node[name] = copy.deepcopy(result)
        else:
            node = node.setdefault(name, {})
    return out
