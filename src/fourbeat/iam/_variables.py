"""Policy variables: ``${aws:username}``, ``${aws:PrincipalTag/team, 'none'}`` and ``${*}``.

A policy value is parsed once into a ``Template``: pattern text, literal pieces and variables.
At evaluation a variable takes the value of its context key (keys are case-insensitive), or its
default when the key is absent; with neither, the template does not resolve and the element it
is in does not match. What a variable resolves to is literal, never a wildcard, which is why
``${*}``, ``${?}`` and ``${$}`` exist. Only the 2012-10-17 language has variables; in older
documents ``${aws:username}`` is plain text. Multivalued keys cannot be variables.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

Depends on ``_matching`` only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from fourbeat.iam._matching import Piece, Pieces

VARIABLES_VERSION = "2012-10-17"

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_NAMED = re.compile(r"\s*([^,'\s][^,']*?)\s*(?:,\s*'([^']*)')?\s*")
_SPECIAL = ("*", "?", "$")


@dataclass(frozen=True)
class Variable:
    key: str
    """The context key, lower-cased."""
    default: str | None


Part = Piece | Variable


@dataclass(frozen=True)
class Template:
    parts: tuple[Part, ...]

    @property
    def fixed(self) -> Pieces | None:
        """The pieces of a template without variables, else None."""
        if any(isinstance(part, Variable) for part in self.parts):
            return None
        return tuple(part for part in self.parts if not isinstance(part, Variable))

    def resolve(self, lookup: Callable[[str], str | None]) -> Pieces | None:
        """The pieces with every variable replaced, or None where one has no value."""
        out: list[Piece] = []
        for part in self.parts:
            if not isinstance(part, Variable):
                out.append(part)
                continue
            value = lookup(part.key)
            if value is None:
                value = part.default
            if value is None:
                return None
            out.append((value, False))
        return tuple(out)


def template(text: str, *, variables: bool) -> Template:
    """Parse ``text``; ``variables``: whether the policy's language has variables."""
    if not variables or "${" not in text:
        return Template(((text, True),))
    parts: list[Part] = []
    at = 0
    for found in _VARIABLE.finditer(text):
        if found.start() > at:
            parts.append((text[at : found.start()], True))
        parts.append(_variable(found.group(1), found.group(0)))
        at = found.end()
    if at < len(text):
        parts.append((text[at:], True))
    return Template(tuple(parts))


def _variable(inner: str, written: str) -> Part:
    if inner in _SPECIAL:
        return (inner, False)
    named = _NAMED.fullmatch(inner)
    if named is None:
        return (written, True)
    return Variable(named.group(1).lower(), named.group(2))
