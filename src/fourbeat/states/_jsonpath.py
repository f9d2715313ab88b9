"""JSONPath as Step Functions reads it, compiled once into a ``JsonPath`` object.

Step Functions evaluates paths with Jayway JsonPath: a *definite* path (only member names and
indexes) selects one value and fails when it is missing; an *indefinite* path (``[*]``, ``..``,
slices, unions, ``.*``) always yields a list, empty when nothing matched (``$[*]`` on ``{}`` is
``[]``). https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html

``$`` is the state's data; ``$$`` is the context object; ``$name`` is the workflow variable
``name`` (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html).
Evaluation never mutates its input.
This module imports nothing from fourbeat but ``states._errors``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fourbeat.states._errors import PathNotFound
from fourbeat.states._scope import context_of, variable_of

_NAME = re.compile(r"[^.\[\]\s()]+")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_INT = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Field:
    name: str

    def select(self, value: Any) -> Iterator[Any]:
        if isinstance(value, dict) and self.name in value:
            yield value[self.name]

    def normalized(self) -> str:
        return f"['{self.name}']"


@dataclass(frozen=True)
class Index:
    index: int

    def select(self, value: Any) -> Iterator[Any]:
        if isinstance(value, list) and -len(value) <= self.index < len(value):
            yield value[self.index]

    def normalized(self) -> str:
        return f"[{self.index}]"


@dataclass(frozen=True)
class Wildcard:
    def select(self, value: Any) -> Iterator[Any]:
        if isinstance(value, dict):
            yield from value.values()
        elif isinstance(value, list):
            yield from value

    def normalized(self) -> str:
        return "[*]"


@dataclass(frozen=True)
class Slice:
    start: int | None
    stop: int | None
    step: int | None

    def select(self, value: Any) -> Iterator[Any]:
        if isinstance(value, list):
            yield from value[self.start : self.stop : self.step]

    def normalized(self) -> str:
        parts = ["" if p is None else str(p) for p in (self.start, self.stop)]
        return f"[{':'.join(parts)}{'' if self.step is None else f':{self.step}'}]"


@dataclass(frozen=True)
class Union:
    members: tuple[Field | Index, ...]

    def select(self, value: Any) -> Iterator[Any]:
        for member in self.members:
            yield from member.select(value)

    def normalized(self) -> str:
        return "[" + ",".join(m.normalized()[1:-1] for m in self.members) + "]"


@dataclass(frozen=True)
class Descendant:
    """``..x``: ``x`` applied to the value and to every value nested in it, in document order."""

    inner: Field | Wildcard | Index | Slice | Union

    def select(self, value: Any) -> Iterator[Any]:
        for node in _walk(value):
            yield from self.inner.select(node)

    def normalized(self) -> str:
        return ".." + self.inner.normalized()


Segment = Field | Index | Wildcard | Slice | Union | Descendant


def _walk(value: Any) -> Iterator[Any]:
    yield value
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    for child in children:
        yield from _walk(child)


@dataclass(frozen=True)
class JsonPath:
    """A compiled path; ``str()`` gives back the text it was compiled from."""

    context: bool  # True for ``$$`` (the context object)
    segments: tuple[Segment, ...]
    source: str = field(compare=False)
    variable: str | None = None  # ``name`` for ``$name...`` (a workflow variable)

    @property
    def definite(self) -> bool:
        return all(isinstance(s, Field | Index) for s in self.segments)

    def evaluate(self, doc: Any, ctx: Any = None) -> Any:
        """The selected value (definite) or the list of matches (indefinite).

        ``doc`` is the state's data and ``ctx`` the context object; a definite path that
        selects nothing raises ``PathNotFound``.
        """
        values = [self._root(doc, ctx)]
        for segment in self.segments:
            values = [found for value in values for found in segment.select(value)]
        if not self.definite:
            return values
        if not values:
            raise PathNotFound(self.source, self.normalized())
        return values[0]

    def _root(self, doc: Any, ctx: Any) -> Any:
        if self.variable is not None:
            try:
                return variable_of(ctx, self.variable)
            except KeyError:
                raise PathNotFound(self.source, self.normalized()) from None
        return context_of(ctx) if self.context else doc

    def normalized(self) -> str:
        """Jayway's normalized form, as AWS quotes it: ``$['a'][0]``."""
        root = "$$" if self.context else f"${self.variable or ''}"
        return root + "".join(s.normalized() for s in self.segments)

    def __str__(self) -> str:
        return self.source


class JsonPathSyntaxError(ValueError):
    """The text is not a JSONPath Step Functions accepts."""


def compile_path(text: str) -> JsonPath:
    """Compile ``text`` (``$...`` or ``$$...``) or raise ``JsonPathSyntaxError``."""
    if not text.startswith("$"):
        raise JsonPathSyntaxError(f"a JSONPath must start with '$': {text!r}")
    context = text.startswith("$$")
    pos = 2 if context else 1
    variable = None if context else _VARIABLE.match(text, 1)
    if variable is not None:
        pos = variable.end()
    segments: list[Segment] = []
    while pos < len(text):
        segment, pos = _segment(text, pos)
        segments.append(segment)
    return JsonPath(context, tuple(segments), text, variable.group() if variable else None)


def _segment(text: str, pos: int) -> tuple[Segment, int]:
    if text.startswith("..", pos):
        inner, end = (
            _member(text, pos + 2) if text[pos + 2 : pos + 3] != "[" else _bracket(text, pos + 2)
        )
        if isinstance(inner, Descendant):
            raise JsonPathSyntaxError(f"unexpected '..' in {text!r}")
        return Descendant(inner), end
    if text[pos] == ".":
        return _member(text, pos + 1)
    if text[pos] == "[":
        return _bracket(text, pos)
    raise JsonPathSyntaxError(f"unexpected {text[pos]!r} at position {pos} in {text!r}")


def _member(text: str, pos: int) -> tuple[Field | Wildcard, int]:
    if text.startswith("*", pos):
        return Wildcard(), pos + 1
    match = _NAME.match(text, pos)
    if match is None:
        raise JsonPathSyntaxError(f"a member name is missing at position {pos} in {text!r}")
    return Field(match.group()), match.end()


def _bracket(text: str, pos: int) -> tuple[Segment, int]:
    end = _closing(text, pos)
    body = text[pos + 1 : end].strip()
    if body.startswith("?"):
        raise JsonPathSyntaxError(f"filter expressions are not supported yet by fourbeat: {text!r}")
    if body == "*":
        return Wildcard(), end + 1
    if ":" in body:
        return _slice(body, text), end + 1
    members = tuple(_bracket_member(part.strip(), text) for part in body.split(","))
    if len(members) == 1:
        return members[0], end + 1
    return Union(members), end + 1


def _closing(text: str, pos: int) -> int:
    quote = None
    for index in range(pos + 1, len(text)):
        char = text[index]
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "]":
            return index
    raise JsonPathSyntaxError(f"'[' at position {pos} is never closed in {text!r}")


def _bracket_member(part: str, text: str) -> Field | Index:
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "'\"":
        return Field(part[1:-1])
    if _INT.fullmatch(part):
        return Index(int(part))
    raise JsonPathSyntaxError(f"{part!r} is neither an index nor a quoted name in {text!r}")


def _slice(body: str, text: str) -> Slice:
    parts = [p.strip() for p in body.split(":")]
    if len(parts) > 3 or any(p and not _INT.fullmatch(p) for p in parts):
        raise JsonPathSyntaxError(f"bad slice [{body}] in {text!r}")
    values = [int(p) if p else None for p in parts] + [None] * (3 - len(parts))
    return Slice(values[0], values[1], values[2])
