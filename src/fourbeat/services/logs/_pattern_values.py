"""The values a filter pattern compares against: numbers, strings with ``*`` wildcards, and
``%regex%`` expressions, each compiled once when the pattern is.

Shared by JSON patterns (``{ $.latency > 100 }``) and space-delimited ones
(``[..., status = 5*]``); imports nothing from the service.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""

from __future__ import annotations

import json
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NUMERIC_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
EQUALITY_OPERATORS = frozenset({"=", "!="})

# The characters a regex pattern may hold: alphanumerics, a few symbols and the operators the
# syntax page lists; "(" and ")" (subpatterns) and multi-byte characters are refused.
_REGEX_ALLOWED = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_#=@/;,-:^$?[]{}|\\*+."
)


class FilterPatternError(Exception):
    """A filter pattern that does not parse; ``message`` is what CloudWatch Logs answers."""

    def __init__(self, message: str = "Invalid filter pattern") -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Number:
    value: float

    def test(self, op: str, actual: Any, text_numbers: bool) -> bool:
        number = as_number(actual, text_numbers)
        return number is not None and NUMERIC_OPERATORS[op](number, self.value)


@dataclass(frozen=True)
class Text:
    """A string, where ``*`` stands for any run of characters (compiled once)."""

    source: str
    compiled: re.Pattern[str] | None

    @classmethod
    def of(cls, source: str) -> Text:
        if "*" not in source:
            return cls(source, None)
        body = ".*".join(re.escape(part) for part in source.split("*"))
        return cls(source, re.compile(body, re.DOTALL))

    def test(self, op: str, actual: Any, text_numbers: bool) -> bool:
        text = as_text(actual)
        if text is None:
            return False
        hit = text == self.source if self.compiled is None else bool(self.compiled.fullmatch(text))
        return hit if op == "=" else not hit


@dataclass(frozen=True)
class Regex:
    source: str
    compiled: re.Pattern[str]

    def test(self, op: str, actual: Any, text_numbers: bool) -> bool:
        text = as_text(actual)
        if text is None:
            return False
        hit = self.compiled.search(text) is not None
        return hit if op == "=" else not hit


Value = Number | Text | Regex


def compile_regex(source: str) -> re.Pattern[str]:
    """``source`` is the text between the ``%`` signs."""
    if not source or any(c not in _REGEX_ALLOWED for c in source):
        raise FilterPatternError()
    try:
        return re.compile(source)
    except re.error:
        raise FilterPatternError() from None


def parse_number(text: str) -> float | None:
    """A numeric literal as the syntax page allows (integers, decimals, exponents)."""
    if "*" in text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def as_number(actual: Any, text_numbers: bool) -> float | None:
    if isinstance(actual, bool):
        return None
    if isinstance(actual, int | float):
        return float(actual)
    if text_numbers and isinstance(actual, str):
        return parse_number(actual)
    return None


def as_text(actual: Any) -> str | None:
    """A scalar as the text a string comparison sees (JSON's own spelling for numbers and
    booleans, so ``= "*"`` matches any value that is there); objects, arrays and null are not
    text."""
    if isinstance(actual, str):
        return actual
    if isinstance(actual, bool | int | float):
        return json.dumps(actual)
    return None
