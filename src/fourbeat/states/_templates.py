"""JSONata templates: any JSON value whose strings may be ``{% expression %}``.

A string that starts with ``{%`` and ends with ``%}`` is a JSONata expression evaluated
against ``$states`` and the workflow variables; every other value is kept as it is (``"$.x"``
and ``" {% x %} "`` are literals). Templates compile once into a tree whose nodes have
``evaluate(doc, ctx)`` and round-trip through ``__str__``.
https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
An expression that yields nothing, or fails, is ``States.QueryEvaluationError`` with the
cause AWS writes, naming the field as ``Output/result``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from fourbeat.states._errors import StatesError
from fourbeat.states._jsonata import UNDEFINED, JsonataExpression, JsonataFailure, compile_jsonata
from fourbeat.states._scope import Scope

QUERY_ERROR = "States.QueryEvaluationError"


def is_expression(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("{%") and value.endswith("%}")


def query_error(expression: Any, field: str, problem: str) -> StatesError:
    return StatesError(
        QUERY_ERROR,
        f"The JSONata expression '{expression}' specified for the field '{field}' {problem}",
    )


@dataclass(frozen=True)
class Expression:
    """One ``{% ... %}`` string: the compiled expression and the field it sits in."""

    expression: JsonataExpression
    field: str

    def evaluate(self, doc: Any, ctx: Scope) -> Any:
        try:
            value = self.expression.evaluate(ctx.bindings())
        except JsonataFailure as exc:
            raise query_error(self.expression, self.field,
                              f"threw an error during evaluation. {exc.text}") from exc  # fmt: skip
        if value is UNDEFINED:
            raise query_error(self.expression, self.field, "returned nothing (undefined).")
        return value

    def __str__(self) -> str:
        return f"{{% {self.expression} %}}"


@dataclass(frozen=True)
class Literal:
    value: Any

    def evaluate(self, doc: Any, ctx: Scope) -> Any:
        return copy.deepcopy(self.value)

    def __str__(self) -> str:
        return json.dumps(self.value)


@dataclass(frozen=True)
class ObjectTemplate:
    members: tuple[tuple[str, Template], ...]

    def evaluate(self, doc: Any, ctx: Scope) -> dict[str, Any]:
        return {key: node.evaluate(doc, ctx) for key, node in self.members}

    def __str__(self) -> str:
        return "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in self.members) + "}"


@dataclass(frozen=True)
class ListTemplate:
    items: tuple[Template, ...]

    def evaluate(self, doc: Any, ctx: Scope) -> list[Any]:
        return [node.evaluate(doc, ctx) for node in self.items]

    def __str__(self) -> str:
        return "[" + ", ".join(str(item) for item in self.items) + "]"


Template = Expression | Literal | ObjectTemplate | ListTemplate


def compile_template(value: Any, field: str) -> Template:
    """Compile ``value`` for ``field``; raises ``JsonataFailure`` for a bad expression."""
    if is_expression(value):
        return Expression(compile_jsonata(value[2:-2].strip()), field)
    if isinstance(value, dict):
        return ObjectTemplate(
            tuple((k, compile_template(v, f"{field}/{k}")) for k, v in value.items())
        )
    if isinstance(value, list):
        return ListTemplate(
            tuple(compile_template(v, f"{field}[{i}]") for i, v in enumerate(value))
        )
    return Literal(value)


def json_type(value: Any) -> str:
    """JSON's name for the type of ``value``, as AWS words it in causes."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
