"""Wildcard matching the way IAM does it: ``*`` and ``?`` only, never regular expressions.

Patterns are compiled once into ``re`` patterns built from ``re.escape``d text, so ``.``, ``[``
or ``+`` in a policy are literal. A pattern is a sequence of pieces ``(text, wild)``: in a
``wild`` piece ``*`` and ``?`` are wildcards; a piece that is not wild is literal throughout
(the value a policy variable resolved to, or the ``${*}``/``${?}`` special variables).

ARNs match segment by segment: ``arn:partition:service:region:account:resource``. Within the
first five segments a wildcard stays inside its segment; the resource part (the rest, colons
included) is one segment. In the ``Resource`` element a ``*`` that ends a segment may also
expand past colons, as the IAM User Guide documents; ``ArnLike`` checks each of the six
segments separately, so there it may not:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN

Depends on nothing in fourbeat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

Piece = tuple[str, bool]
"""``(text, wild)``: wildcards in ``text`` count only where ``wild`` is true."""
Pieces = tuple[Piece, ...]

ARN_PREFIX_SEGMENTS = 5
"""``arn``, partition, service, region, account: the segments before the resource part."""


def glob(pieces: Iterable[Piece]) -> str:
    """The regular expression of a plain wildcard pattern (``*`` spans anything)."""
    out: list[str] = []
    for text, wild in pieces:
        if not wild:
            out.append(re.escape(text))
            continue
        for char in text:
            out.append(".*" if char == "*" else "." if char == "?" else re.escape(char))
    return "".join(out)


def arn_glob(pieces: Iterable[Piece], *, span: bool) -> str:
    """The regular expression of an ARN pattern; ``span``: a ``*`` that ends one of the first
    five segments may expand past colons (the ``Resource`` element), else it may not."""
    chars = [(char, wild) for text, wild in pieces for char in text]
    out: list[str] = []
    segment = 0
    for at, (char, wild) in enumerate(chars):
        in_prefix = segment < ARN_PREFIX_SEGMENTS
        if not wild:
            out.append(re.escape(char))
        elif char == ":" and in_prefix:
            segment += 1
            out.append(":")
        elif char == "*":
            spans = not in_prefix or (span and _ends_segment(chars, at))
            out.append(".*" if spans else "[^:]*")
        elif char == "?":
            out.append("[^:]" if in_prefix else ".")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _ends_segment(chars: Sequence[Piece], at: int) -> bool:
    after = at + 1
    return after == len(chars) or chars[after] == (":", True)


@lru_cache(maxsize=4096)
def compiled(expression: str) -> re.Pattern[str]:
    """``expression`` compiled once for whole-string matching."""
    return re.compile(f"(?:{expression})\\Z", re.DOTALL)


def is_literal(text: str) -> bool:
    return "*" not in text and "?" not in text


@dataclass(frozen=True)
class Names:
    """A list of names or name patterns (an ``Action`` list, a ``Resource`` list without
    variables): exact names are looked up in a set, the patterns are one regular expression."""

    exact: frozenset[str]
    pattern: re.Pattern[str] | None
    everything: bool

    def matches(self, name: str) -> bool:
        if self.everything or name in self.exact:
            return True
        return self.pattern is not None and self.pattern.match(name) is not None


def names(patterns: Iterable[Pieces], *, arn: bool = False) -> Names:
    """Compile a list of patterns; ``arn``: ARN segment rules, else plain wildcards."""
    exact: set[str] = set()
    expressions: list[str] = []
    everything = False
    for pieces in patterns:
        if pieces == (("*", True),):
            everything = True
        elif all(not wild or is_literal(text) for text, wild in pieces):
            exact.add("".join(text for text, _ in pieces))
        else:
            expressions.append(arn_glob(pieces, span=True) if arn else glob(pieces))
    pattern = compiled("|".join(f"(?:{e})" for e in expressions)) if expressions else None
    return Names(frozenset(exact), pattern, everything)
