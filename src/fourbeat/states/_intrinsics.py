"""Intrinsic functions (``States.Format('{}', $.x)``), parsed once into a ``Call`` tree.

The grammar is small: a call is ``States.Name(arg, ...)``; an argument is a quoted string
(``'...'`` with ``\\'``, ``\\{``, ``\\}`` and ``\\\\`` escapes), a number,
``true``/``false``/``null``,
a JSONPath (``$...`` or ``$$...``) or another call, nested at most 10 deep.
https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html

Each node has ``evaluate(doc, ctx)`` and a ``__str__`` that gives text compiling to an equal
tree. The functions themselves live in ``_intrinsic_functions``. Imports nothing outside
``states``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from fourbeat.states._errors import StatesError
from fourbeat.states._intrinsic_functions import FUNCTIONS, FormatTemplate
from fourbeat.states._jsonpath import JsonPath, JsonPathSyntaxError, compile_path

_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
_NAME = re.compile(r"States\.[A-Za-z0-9]+")
MAX_NESTING = 10


class IntrinsicSyntaxError(ValueError):
    """The text is not an intrinsic function call Step Functions accepts."""


@dataclass(frozen=True)
class Literal:
    value: Any

    def evaluate(self, doc: Any, ctx: Any) -> Any:
        return self.value

    def __str__(self) -> str:
        if isinstance(self.value, str):
            escaped = re.sub(r"([\\'{}])", r"\\\1", self.value)
            return f"'{escaped}'"
        return json.dumps(self.value)


@dataclass(frozen=True)
class PathArg:
    path: JsonPath

    def evaluate(self, doc: Any, ctx: Any) -> Any:
        return self.path.evaluate(doc, ctx)

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Call | Literal | PathArg | Template, ...]

    def evaluate(self, doc: Any, ctx: Any) -> Any:
        values = [arg.evaluate(doc, ctx) for arg in self.args]
        function = FUNCTIONS.get(self.name)
        if function is None:  # rejected at parse time; kept as a guard for hand-built trees
            raise StatesError("States.Runtime", f"Unknown intrinsic function {self.name}")
        return function(values)

    def __str__(self) -> str:
        return f"{self.name}({', '.join(str(a) for a in self.args)})"


@dataclass(frozen=True)
class Template:
    """The first argument of ``States.Format``, kept as pieces so escapes stay literal."""

    template: FormatTemplate

    def evaluate(self, doc: Any, ctx: Any) -> FormatTemplate:
        return self.template

    def __str__(self) -> str:
        pieces = self.template.pieces
        text = "".join("{}" if p is None else re.sub(r"([\\'{}])", r"\\\1", p) for p in pieces)
        return f"'{text}'"


Node = Call | Literal | PathArg | Template


def is_intrinsic(text: str) -> bool:
    return text.startswith("States.")


def compile_intrinsic(text: str) -> Call:
    """Parse ``text`` into a ``Call`` or raise ``IntrinsicSyntaxError`` saying where."""
    parser = _Parser(text)
    node = parser.call(depth=1)
    parser.skip_space()
    if parser.pos != len(text):
        raise IntrinsicSyntaxError(f"unexpected text after position {parser.pos} in {text!r}")
    return node


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def expect(self, char: str) -> None:
        self.skip_space()
        if not self.text.startswith(char, self.pos):
            raise IntrinsicSyntaxError(f"expected {char!r} at position {self.pos} in {self.text!r}")
        self.pos += 1

    def call(self, depth: int) -> Call:
        if depth > MAX_NESTING:
            raise IntrinsicSyntaxError(f"more than {MAX_NESTING} nested intrinsic functions")
        self.skip_space()
        match = _NAME.match(self.text, self.pos)
        if match is None or match.group() not in FUNCTIONS:
            word = match.group() if match else self.text[self.pos : self.pos + 20]
            raise IntrinsicSyntaxError(f"{word!r} is not an intrinsic function")
        self.pos = match.end()
        self.expect("(")
        args: list[Node] = []
        self.skip_space()
        if self.text.startswith(")", self.pos):
            self.pos += 1
            return Call(match.group(), ())
        while True:
            # States.Format's template keeps its placeholders apart from escaped braces.
            args.append(self.argument(depth, not args and match.group() == "States.Format"))
            self.skip_space()
            if self.text.startswith(")", self.pos):
                self.pos += 1
                return Call(match.group(), tuple(args))
            self.expect(",")

    def argument(self, depth: int, template: bool) -> Node:
        self.skip_space()
        rest = self.text[self.pos :]
        if rest.startswith("'"):
            pieces = self.string()
            if template:
                return Template(FormatTemplate(pieces))
            return Literal("".join("{}" if p is None else p for p in pieces))
        if rest.startswith("$"):
            return PathArg(self.path())
        if rest.startswith("States."):
            return self.call(depth + 1)
        for word, value in (("true", True), ("false", False), ("null", None)):
            if rest.startswith(word):
                self.pos += len(word)
                return Literal(value)
        number = _NUMBER.match(rest)
        if number is None:
            raise IntrinsicSyntaxError(f"bad argument at position {self.pos} in {self.text!r}")
        self.pos += number.end()
        text = number.group()
        return Literal(float(text) if number.group(1) or number.group(2) else int(text))

    def string(self) -> tuple[str | None, ...]:
        pieces: list[str | None] = []
        out: list[str] = []
        self.pos += 1
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\" and self.pos + 1 < len(self.text):
                out.append(self.text[self.pos + 1])
                self.pos += 2
                continue
            if self.text.startswith("{}", self.pos):
                pieces += ["".join(out), None]
                out = []
                self.pos += 2
                continue
            self.pos += 1
            if char == "'":
                return tuple(p for p in [*pieces, "".join(out)] if p != "")
            out.append(char)
        raise IntrinsicSyntaxError(f"unterminated string in {self.text!r}")

    def path(self) -> JsonPath:
        start, depth, quote = self.pos, 0, None
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if quote:
                quote = None if char == quote else quote
            elif char in "'\"" and depth:
                quote = char
            elif char == "[":
                depth += 1
            elif char == "]":
                depth -= 1
            elif depth == 0 and (char in ",)" or char.isspace()):
                break
            self.pos += 1
        try:
            return compile_path(self.text[start : self.pos])
        except JsonPathSyntaxError as exc:
            raise IntrinsicSyntaxError(str(exc)) from exc
