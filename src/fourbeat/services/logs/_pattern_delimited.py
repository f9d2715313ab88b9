"""Space-delimited filter patterns: ``[ip, user, ..., status = 5* || status = 4*, bytes > 1000]``.

A message splits into fields at spaces; text inside ``[...]`` or ``"..."`` is one field (its
brackets or quotes dropped). Each slot of the pattern names one field; ``...`` stands for any
number of fields, and without one the field count must be exact. A slot's condition may name
only its own field: AWS refuses ``status_code = 4* && bytes > 1000`` in one slot with "Invalid
filter pattern" although an old version of the syntax page showed it
(https://github.com/awsdocs/amazon-cloudwatch-logs-user-guide/issues/21).
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fourbeat.services.logs._pattern_conditions import (
    ConditionParser,
    Node,
    Token,
    evaluate,
    subjects,
    tokenize,
)
from fourbeat.services.logs._pattern_values import FilterPatternError

ELLIPSIS = "..."
_NAME = re.compile(r"\w+")
_CLOSERS = {"[": "]", '"': '"'}


@dataclass(frozen=True)
class Slot:
    name: str
    """The field's name, or ``...``."""
    condition: Node[str] | None = None

    def accepts(self, field: str) -> bool:
        if self.condition is None:
            return True
        return evaluate(self.condition, lambda _name: field, text_numbers=True)


def split_fields(message: str) -> list[str]:
    fields: list[str] = []
    i, n = 0, len(message)
    while i < n:
        if message[i].isspace():
            i += 1
            continue
        closer = _CLOSERS.get(message[i])
        if closer is not None:
            end = message.find(closer, i + 1)
            end = n if end < 0 else end
            fields.append(message[i + 1 : end])
            i = end + 1
            continue
        start = i
        while i < n and not message[i].isspace():
            i += 1
        fields.append(message[start:i])
    return fields


@dataclass(frozen=True)
class DelimitedMatcher:
    source: str
    slots: tuple[Slot, ...]

    @classmethod
    def compile(cls, source: str, inner: str) -> DelimitedMatcher:
        groups: list[list[Token]] = [[]]
        for token in tokenize(inner):
            if token.kind == ",":
                groups.append([])
            else:
                groups[-1].append(token)
        return cls(source, tuple(_slot(group) for group in groups))

    def matches(self, message: str) -> bool:
        fields = split_fields(message)
        count = len(fields)
        # The field positions each prefix of the slots can end at (an ellipsis widens them).
        reachable = {0}
        for slot in self.slots:
            if slot.name == ELLIPSIS:
                reachable = set(range(min(reachable), count + 1))
            else:
                reachable = {i + 1 for i in reachable if i < count and slot.accepts(fields[i])}
            if not reachable:
                return False
        return count in reachable

    def __str__(self) -> str:
        return self.source


def _slot(tokens: list[Token]) -> Slot:
    if not tokens:
        raise FilterPatternError()
    if len(tokens) == 1:
        token = tokens[0]
        if token.kind != "word" or not (token.text == ELLIPSIS or _NAME.fullmatch(token.text)):
            raise FilterPatternError()
        return Slot(token.text)
    condition = ConditionParser(tokens, _field_name).parse()
    names = subjects(condition)
    if len(names) != 1:
        raise FilterPatternError()
    return Slot(names.pop(), condition)


def _field_name(word: str) -> str:
    if not _NAME.fullmatch(word):
        raise FilterPatternError()
    return word
