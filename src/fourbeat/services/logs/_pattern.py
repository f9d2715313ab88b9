"""CloudWatch Logs filter patterns, compiled once into a matcher with ``matches(message)``.

``compile_pattern(text)`` picks the kind from the pattern's shape: empty (every event),
``%regex%``, ``{ JSON condition }``, ``[space-delimited fields]``, or unstructured terms.
A pattern that does not parse raises FilterPatternError with the message CloudWatch Logs
gives. Compiled matchers are cached by their text, so a pattern used on every page of a
search is parsed once. This module and its ``_pattern_*`` helpers know nothing of the store
or the API.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from fourbeat.services.logs._pattern_delimited import DelimitedMatcher
from fourbeat.services.logs._pattern_json import JsonMatcher
from fourbeat.services.logs._pattern_terms import TermsMatcher
from fourbeat.services.logs._pattern_values import FilterPatternError, compile_regex

__all__ = ["FilterPatternError", "Matcher", "compile_pattern"]


class Matcher(Protocol):
    def matches(self, message: str) -> bool: ...


@dataclass(frozen=True)
class MatchAll:
    def matches(self, message: str) -> bool:
        return True

    def __str__(self) -> str:
        return ""


@dataclass(frozen=True)
class RegexMatcher:
    source: str
    compiled: re.Pattern[str]

    def matches(self, message: str) -> bool:
        return self.compiled.search(message) is not None

    def __str__(self) -> str:
        return self.source


@lru_cache(maxsize=256)
def compile_pattern(text: str) -> Matcher:
    pattern = text.strip()
    if not pattern:
        return MatchAll()
    for opener, closer, kind in (("{", "}", JsonMatcher), ("[", "]", DelimitedMatcher)):
        if pattern.startswith(opener):
            if not pattern.endswith(closer) or len(pattern) < 2:
                # The wording AWS gives for an unclosed JSON pattern.
                raise FilterPatternError(
                    f"If a filter pattern starts with '{opener}' it must end with '{closer}'"
                )
            return kind.compile(text, pattern[1:-1])
    if len(pattern) > 2 and pattern.startswith("%") and pattern.endswith("%"):
        return RegexMatcher(text, compile_regex(pattern[1:-1]))
    return TermsMatcher.compile(pattern)
