"""JSON filter patterns: ``{ $.level = "ERROR" && ($.latency > 100 || $.retry IS TRUE) }``.

A selector is ``$`` followed by ``.name`` and ``[index]`` steps (``$.users[0].email``). Only a
message that is a JSON object can match; a selector that leads nowhere is ``NOT EXISTS``, and
every comparison on it is false (``!=`` included).
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from fourbeat.services.logs._pattern_conditions import (
    MISSING,
    ConditionParser,
    Node,
    evaluate,
    tokenize,
)
from fourbeat.services.logs._pattern_values import FilterPatternError

_STEP = re.compile(r"\.([^.\[\]\s]+)|\[(\d+)\]")

Selector = tuple[str | int, ...]


def parse_selector(text: str) -> Selector:
    if not text.startswith("$") or len(text) < 3:
        raise FilterPatternError()
    steps: list[str | int] = []
    at = 1
    while at < len(text):
        match = _STEP.match(text, at)
        if match is None:
            raise FilterPatternError()
        name, index = match.groups()
        steps.append(name if name is not None else int(index))
        at = match.end()
    return tuple(steps)


def select(document: Any, selector: Selector) -> Any:
    """The value the selector names, or MISSING."""
    value = document
    for step in selector:
        value = _step(value, step)
        if value is MISSING:
            break
    return value


def _step(value: Any, step: str | int) -> Any:
    if isinstance(step, str):
        return value[step] if isinstance(value, dict) and step in value else MISSING
    return value[step] if isinstance(value, list) and step < len(value) else MISSING


@dataclass(frozen=True)
class JsonMatcher:
    source: str
    condition: Node[Selector]

    @classmethod
    def compile(cls, source: str, inner: str) -> JsonMatcher:
        tokens = tokenize(inner)
        if not tokens:
            raise FilterPatternError()
        return cls(source, ConditionParser(tokens, parse_selector).parse())

    def matches(self, message: str) -> bool:
        if not message.lstrip().startswith("{"):
            return False
        try:
            document = json.loads(message)
        except ValueError:
            return False
        if not isinstance(document, dict):
            return False
        return evaluate(self.condition, lambda s: select(document, s), text_numbers=False)

    def __str__(self) -> str:
        return self.source
