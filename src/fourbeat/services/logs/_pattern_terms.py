"""Filter patterns over unstructured text: ``ERROR``, ``"INTERNAL SERVER ERROR"``, ``?WARN
?ERROR`` and ``ERROR -DEBUG``.

Terms are case-sensitive. Plain terms must all appear, ``?`` terms form a group of which one
must appear, ``-`` terms must not appear. A bare term holds only letters, digits and ``_``;
anything else must be quoted, or AWS answers "Invalid character(s) in term '...'". A term
matches a whole term of the message, not part of a word (``ERROR`` does not match
``ERRORS``): the syntax page reaches for a ``%regex%`` to match inside words. Where a term
starts or ends with a letter, digit or ``_``, the message must not go on with another there.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fourbeat.services.logs._pattern_values import FilterPatternError

_WORD_CHAR = r"[A-Za-z0-9_]"
_BARE = re.compile(r"[A-Za-z0-9_]+")


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


@dataclass(frozen=True)
class Term:
    text: str
    compiled: re.Pattern[str]

    @classmethod
    def of(cls, text: str) -> Term:
        before = f"(?<!{_WORD_CHAR})" if _is_word_char(text[0]) else ""
        after = f"(?!{_WORD_CHAR})" if _is_word_char(text[-1]) else ""
        return cls(text, re.compile(before + re.escape(text) + after))

    def found_in(self, message: str) -> bool:
        return self.text in message and self.compiled.search(message) is not None


@dataclass(frozen=True)
class TermsMatcher:
    source: str
    required: tuple[Term, ...]
    any_of: tuple[Term, ...]
    excluded: tuple[Term, ...]

    @classmethod
    def compile(cls, source: str) -> TermsMatcher:
        groups: dict[str, list[Term]] = {"": [], "?": [], "-": []}
        for prefix, text in _terms(source):
            groups[prefix].append(Term.of(text))
        return cls(source, tuple(groups[""]), tuple(groups["?"]), tuple(groups["-"]))

    def matches(self, message: str) -> bool:
        if any(term.found_in(message) for term in self.excluded):
            return False
        if not all(term.found_in(message) for term in self.required):
            return False
        return not self.any_of or any(term.found_in(message) for term in self.any_of)

    def __str__(self) -> str:
        return self.source


def _terms(source: str) -> list[tuple[str, str]]:
    """(prefix, text) for every term; the prefix is "", "?" or "-"."""
    terms: list[tuple[str, str]] = []
    i, n = 0, len(source)
    while i < n:
        if source[i].isspace():
            i += 1
            continue
        start = i
        prefix = source[i] if source[i] in "?-" else ""
        i += len(prefix)
        if i < n and source[i] == '"':
            text, i = _quoted(source, i)
        else:
            end = i
            while end < n and not source[end].isspace():
                end += 1
            text, i = source[i:end], end
            if not _BARE.fullmatch(text):
                raise FilterPatternError(f"Invalid character(s) in term '{source[start:end]}'")
        terms.append((prefix, text))
    return terms


def _quoted(source: str, start: int) -> tuple[str, int]:
    chars: list[str] = []
    i = start + 1
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            chars.append(source[i + 1])
            i += 2
        elif char == '"':
            if not chars:
                raise FilterPatternError("Invalid character(s) in term '\"\"'")
            return "".join(chars), i + 1
        else:
            chars.append(char)
            i += 1
    raise FilterPatternError()
