"""Choice rules compiled once: comparisons, type tests and And/Or/Not.

https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
A comparison whose operand has the wrong type is false (``StringEquals`` on a number), never
an error; a ``Variable`` or ``...Path`` that selects nothing is States.Runtime.
Imports nothing outside ``states``.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fourbeat.states._errors import PathNotFound, StatesError
from fourbeat.states._jsonpath import JsonPath
from fourbeat.states._templates import json_type

_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def parse_timestamp(value: Any) -> datetime | None:
    """An RFC 3339 timestamp (``2016-03-14T01:59:00Z``) or ``None`` when it is not one."""
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _string(value: Any) -> Any:
    return value if isinstance(value, str) else None


def _number(value: Any) -> Any:
    return value if _is_number(value) else None


def _boolean(value: Any) -> Any:
    return value if isinstance(value, bool) else None


_KINDS: dict[str, Callable[[Any], Any]] = {
    "String": _string,
    "Numeric": _number,
    "Boolean": _boolean,
    "Timestamp": parse_timestamp,
}
_RELATIONS: dict[str, Callable[[Any, Any], bool]] = {
    "Equals": operator.eq,
    "LessThan": operator.lt,
    "GreaterThan": operator.gt,
    "LessThanEquals": operator.le,
    "GreaterThanEquals": operator.ge,
}
COMPARISONS: dict[str, tuple[str, str]] = {
    f"{kind}{relation}": (kind, relation)
    for kind in _KINDS
    for relation in _RELATIONS
    if not (kind == "Boolean" and relation != "Equals")
}
TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "IsNull": lambda v: v is None,
    "IsNumeric": _is_number,
    "IsString": lambda v: isinstance(v, str),
    "IsBoolean": lambda v: isinstance(v, bool),
    "IsTimestamp": lambda v: parse_timestamp(v) is not None,
}


def _lookup(path: JsonPath, data: Any, ctx: Any) -> Any:
    try:
        return path.evaluate(data, ctx)
    except PathNotFound as exc:
        raise StatesError(
            "States.Runtime",
            f"Invalid path '{path}': The choice state's condition path references an invalid "
            "value.",
        ) from exc


def string_matches(value: str, pattern: str) -> bool:
    """``*`` matches any run of characters; ``\\*`` and ``\\\\`` are a literal star/backslash."""
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "*" else re.escape(char))
        index += 1
    return re.fullmatch("".join(parts), value, re.DOTALL) is not None


@dataclass(frozen=True)
class Comparison:
    """``Variable`` compared with a literal or, for ``...Path`` operators, another path."""

    variable: JsonPath
    operator: str  # e.g. "StringEquals", "StringMatches", "NumericLessThanPath"
    operand: Any  # literal value, or a JsonPath for the ...Path forms

    def evaluate(self, data: Any, ctx: Any) -> bool:
        left = _lookup(self.variable, data, ctx)
        right = (
            _lookup(self.operand, data, ctx) if isinstance(self.operand, JsonPath) else self.operand
        )
        name = self.operator.removesuffix("Path")
        if name == "StringMatches":
            return isinstance(left, str) and string_matches(left, right)
        kind, relation = COMPARISONS[name]
        convert = _KINDS[kind]
        a, b = convert(left), convert(right)
        if a is None or b is None:
            return False
        return _RELATIONS[relation](a, b)


@dataclass(frozen=True)
class TypeTest:
    """``IsPresent`` and the ``Is<Type>`` tests; ``expected`` is the rule's boolean."""

    variable: JsonPath
    operator: str
    expected: bool

    def evaluate(self, data: Any, ctx: Any) -> bool:
        try:
            value = self.variable.evaluate(data, ctx)
        except PathNotFound:
            # A missing variable is not present and, for the Is<Type> tests, not of any type.
            return not self.expected
        if self.operator == "IsPresent":
            return self.expected
        return TYPE_TESTS[self.operator](value) == self.expected


@dataclass(frozen=True)
class Condition:
    """A JSONata rule: ``true``/``false`` or a ``{% %}`` template that must yield a boolean."""

    template: Any  # a _templates.Template

    def evaluate(self, data: Any, ctx: Any) -> bool:
        value = self.template.evaluate(data, ctx.with_states(input=data))
        if not isinstance(value, bool):
            raise StatesError(
                "States.QueryEvaluationError",
                f"The JSONata expression '{getattr(self.template, 'expression', value)}' "
                f"specified for the field 'Condition' returned an unexpected result type. "
                f"Expected 'boolean', but was '{json_type(value)}' for value: {compact(value)}",
            )
        return value


@dataclass(frozen=True)
class And:
    rules: tuple[Rule, ...]

    def evaluate(self, data: Any, ctx: Any) -> bool:
        return all(rule.evaluate(data, ctx) for rule in self.rules)


@dataclass(frozen=True)
class Or:
    rules: tuple[Rule, ...]

    def evaluate(self, data: Any, ctx: Any) -> bool:
        return any(rule.evaluate(data, ctx) for rule in self.rules)


@dataclass(frozen=True)
class Not:
    rule: Rule

    def evaluate(self, data: Any, ctx: Any) -> bool:
        return not self.rule.evaluate(data, ctx)


Rule = Comparison | TypeTest | Condition | And | Or | Not


@dataclass(frozen=True)
class Choice:
    """A top-level rule with its ``Next`` and its JSON Pointer (``/States/C/Choices/0``)."""

    rule: Rule
    next: str
    pointer: str
    assign: Any = None  # variables this rule assigns when it matches
