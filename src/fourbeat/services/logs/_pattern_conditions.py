"""Conditions inside JSON and space-delimited filter patterns: the tokens, a recursive-descent
parser for ``a = 1 && (b > 2 || c IS NULL)``, and evaluation against looked-up values.

The two pattern kinds differ only in what names a value (a ``$.`` selector, or a field name)
and how it is looked up; both are parameters here. ``&&`` binds tighter than ``||``.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from fourbeat.services.logs._pattern_values import (
    EQUALITY_OPERATORS,
    FilterPatternError,
    Number,
    Regex,
    Text,
    Value,
    compile_regex,
    parse_number,
)

S = TypeVar("S", bound=Hashable)

MISSING: Any = object()
"""What a lookup answers for a value that is not there."""

_SINGLE = {"(": "(", ")": ")", ",": ","}
_OPERATORS = ("!=", "<=", ">=", "=", "<", ">")
_WORD_STOP = frozenset(' \t\r\n()=!<>,&|"')
_TESTS = {("IS", "NULL"), ("IS", "TRUE"), ("IS", "FALSE"), ("NOT", "EXISTS")}


@dataclass(frozen=True)
class Token:
    kind: str
    """``(``, ``)``, ``,``, ``&&``, ``||``, ``op``, ``string``, ``regex`` or ``word``."""
    text: str


@dataclass(frozen=True)
class Compare(Generic[S]):
    subject: S
    op: str
    value: Value


@dataclass(frozen=True)
class Check(Generic[S]):
    """``IS NULL``, ``IS TRUE``, ``IS FALSE`` or ``NOT EXISTS``."""

    subject: S
    test: str


@dataclass(frozen=True)
class AllOf(Generic[S]):
    parts: tuple[Node[S], ...]


@dataclass(frozen=True)
class AnyOf(Generic[S]):
    parts: tuple[Node[S], ...]


Node = Compare[S] | Check[S] | AllOf[S] | AnyOf[S]


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in _SINGLE:
            tokens.append(Token(_SINGLE[char], char))
            i += 1
        elif text.startswith(("&&", "||"), i):
            tokens.append(Token(text[i : i + 2], text[i : i + 2]))
            i += 2
        else:
            token, i = _scan(text, i)
            tokens.append(token)
    return tokens


def _scan(text: str, i: int) -> tuple[Token, int]:
    """One operator, quoted string, ``%regex%`` or bare word starting at ``i``."""
    for op in _OPERATORS:
        if text.startswith(op, i):
            return Token("op", op), i + len(op)
    char = text[i]
    if char == '"':
        return _quoted(text, i)
    if char == "%":
        end = text.find("%", i + 1)
        if end < 0:
            raise FilterPatternError()
        return Token("regex", text[i + 1 : end]), end + 1
    end = i
    while end < len(text) and text[end] not in _WORD_STOP:
        end += 1
    if end == i:  # a lone "&", "|" or "!"
        raise FilterPatternError()
    return Token("word", text[i:end]), end


def _quoted(text: str, start: int) -> tuple[Token, int]:
    chars: list[str] = []
    i = start + 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            chars.append(text[i + 1])
            i += 2
        elif char == '"':
            return Token("string", "".join(chars)), i + 1
        else:
            chars.append(char)
            i += 1
    raise FilterPatternError()


class ConditionParser(Generic[S]):
    """Parses one condition expression; ``subject`` turns a word into what names a value and
    raises FilterPatternError for words that cannot."""

    def __init__(self, tokens: list[Token], subject: Callable[[str], S]) -> None:
        self._tokens = tokens
        self._at = 0
        self._subject = subject

    def parse(self) -> Node[S]:
        node = self._any()
        if self._at != len(self._tokens):
            raise FilterPatternError()
        return node

    def _peek(self) -> Token | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def _take(self) -> Token:
        token = self._peek()
        if token is None:
            raise FilterPatternError()
        self._at += 1
        return token

    def _any(self) -> Node[S]:
        parts = [self._all()]
        while (token := self._peek()) is not None and token.kind == "||":
            self._at += 1
            parts.append(self._all())
        return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))

    def _all(self) -> Node[S]:
        parts = [self._unary()]
        while (token := self._peek()) is not None and token.kind == "&&":
            self._at += 1
            parts.append(self._unary())
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))

    def _unary(self) -> Node[S]:
        token = self._take()
        if token.kind == "(":
            node = self._any()
            if self._take().kind != ")":
                raise FilterPatternError()
            return node
        if token.kind != "word":
            raise FilterPatternError()
        return self._condition(self._subject(token.text))

    def _condition(self, subject: S) -> Node[S]:
        token = self._take()
        if token.kind == "op":
            value = _value(self._take())
            if not isinstance(value, Number) and token.text not in EQUALITY_OPERATORS:
                raise FilterPatternError()  # strings and regexes compare with = and != only
            return Compare(subject, token.text, value)
        second = self._take()
        test = (token.text, second.text)
        if token.kind != "word" or second.kind != "word" or test not in _TESTS:
            raise FilterPatternError()
        return Check(subject, " ".join(test))


def _value(token: Token) -> Value:
    if token.kind == "string":
        return Text.of(token.text)
    if token.kind == "regex":
        return Regex(token.text, compile_regex(token.text))
    if token.kind != "word":
        raise FilterPatternError()
    number = parse_number(token.text)
    return Text.of(token.text) if number is None else Number(number)


def subjects(node: Node[S]) -> set[S]:
    """Every name the condition looks up."""
    match node:
        case Compare(subject=subject) | Check(subject=subject):
            return {subject}
        case AllOf(parts=parts) | AnyOf(parts=parts):
            return set().union(*(subjects(part) for part in parts))
    raise AssertionError(node)  # pragma: no cover - the union is closed


def evaluate(node: Node[S], lookup: Callable[[S], Any], text_numbers: bool) -> bool:
    """Whether the condition holds; ``lookup`` answers MISSING for a value not there, and
    ``text_numbers`` says whether text that reads as a number compares as one (fields of a
    space-delimited event are all text)."""
    match node:
        case Compare(subject=subject, op=op, value=value):
            actual = lookup(subject)
            return actual is not MISSING and value.test(op, actual, text_numbers)
        case Check(subject=subject, test=test):
            return _check(test, lookup(subject))
        case AllOf(parts=parts):
            return all(evaluate(part, lookup, text_numbers) for part in parts)
        case AnyOf(parts=parts):
            return any(evaluate(part, lookup, text_numbers) for part in parts)
    raise AssertionError(node)  # pragma: no cover - the union is closed


def _check(test: str, actual: Any) -> bool:
    if test == "NOT EXISTS":
        return actual is MISSING
    if test == "IS NULL":
        return actual is None
    return actual is (test == "IS TRUE")
