"""The input constraints botocore leaves to the server: maximum lengths and values, patterns
and enums, checked from the service model the way AWS's services check them.

Botocore validates types, required members and minimums before a request leaves the client;
AWS answers the rest with ``ValidationError`` and a message such as ``1 validation error
detected: Value 'x y' at 'userName' failed to satisfy constraint: Member must satisfy regular
expression pattern: [\\w+=,.@-]+``. Members are named in lower camel case, list members as
``tags.1.member.key``. Minimums are checked too, for callers that bypass botocore. Nothing
here is IAM's own: STS and any other query service can use it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from botocore.model import Shape

from fourbeat.errors import AwsError
from fourbeat.services._base import service_model

# Java's \p{L}, \p{Z} and \p{N} (tag patterns); Python's re spells them differently. \w already
# holds letters and digits, and Z is the space separators.
_UNICODE_CLASSES = {
    r"\p{L}": r"\w",
    r"\p{N}": r"\w",
    r"\p{Z}": r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000",
}
_POSIX_CLASSES = {r"\p{ASCII}": r"[\x00-\x7f]", r"\p{Print}": r"[\x20-\x7e]"}


def check_constraints(
    service: str, operation: str, params: dict[str, Any], code: str = "ValidationError"
) -> None:
    """Raise ``code`` naming every value that departs from its shape's constraints (query
    services say ValidationError, JSON ones such as Lambda ValidationException)."""
    shape = service_model(service).operation_model(operation).input_shape
    if shape is None:
        return
    errors: list[str] = []
    _structure(shape, params, "", errors)
    if errors:
        count = len(errors)
        noun = "error" if count == 1 else "errors"
        raise AwsError(code, f"{count} validation {noun} detected: " + "; ".join(errors), 400)


def _member_path(prefix: str, name: str) -> str:
    name = name[:1].lower() + name[1:]
    return f"{prefix}.{name}" if prefix else name


def _structure(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if not isinstance(value, dict):
        return
    for name, member in shape.members.items():
        if name in value:
            _check(member, value[name], _member_path(path, name), errors)


def _check(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    kind = shape.type_name
    if kind == "structure":
        _structure(shape, value, path, errors)
    elif kind == "list" and isinstance(value, list):
        _length(shape, value, len(value), path, errors)
        for i, item in enumerate(value, start=1):
            _check(shape.member, item, f"{path}.{i}.member", errors)
    elif kind == "string" and isinstance(value, str):
        _string(shape, value, path, errors)
    elif kind in ("integer", "long") and isinstance(value, int):
        _range(shape, value, path, errors)


def _failed(value: Any, path: str, constraint: str) -> str:
    return f"Value '{value}' at '{path}' failed to satisfy constraint: Member {constraint}"


def _length(shape: Shape, value: Any, length: int, path: str, errors: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if high is not None and length > high:
        errors.append(_failed(value, path, f"must have length less than or equal to {high}"))
    elif low is not None and length < low:
        errors.append(_failed(value, path, f"must have length greater than or equal to {low}"))


def _range(shape: Shape, value: int, path: str, errors: list[str]) -> None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if high is not None and value > high:
        errors.append(_failed(value, path, f"must have value less than or equal to {high}"))
    elif low is not None and value < low:
        errors.append(_failed(value, path, f"must have value greater than or equal to {low}"))


def _string(shape: Shape, value: str, path: str, errors: list[str]) -> None:
    _length(shape, value, len(value), path, errors)
    pattern = shape.metadata.get("pattern")
    compiled = _compiled(pattern) if pattern else None
    if compiled is not None and not compiled.fullmatch(value):
        errors.append(_failed(value, path, f"must satisfy regular expression pattern: {pattern}"))
    if shape.enum and value not in shape.enum:
        members = ", ".join(shape.enum)
        errors.append(_failed(value, path, f"must satisfy enum value set: [{members}]"))


@cache
def _compiled(pattern: str) -> re.Pattern[str] | None:
    """A Java pattern from the model as Python's re (\\w is ASCII in Java unless \\p{..}
    says otherwise), or None for the few Java-only constructs re cannot express."""
    translated = pattern
    for java, python in {**_UNICODE_CLASSES, **_POSIX_CLASSES}.items():
        translated = translated.replace(java, python)
    flags = 0 if any(java in pattern for java in _UNICODE_CLASSES) else re.ASCII
    try:
        return re.compile(translated, flags)
    except re.error:
        return None
