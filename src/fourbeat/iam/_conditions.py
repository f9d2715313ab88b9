"""Condition operators, compiled once per policy value and tested against a request.

A ``Condition`` block holds operators, each holding keys, each holding values: the values of
one key are OR'd, keys and operators are AND'd. A key the request lacks makes a condition false,
except that negated operators (``StringNotEquals``, ``NotIpAddress``, ``ArnNotLike``, …) are
then true and ``…IfExists`` is then true. Negated operators are a NOR over the policy values:
true only when the request value matches none of them.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html

The set qualifiers compare a multivalued key: ``ForAllValues`` holds when every request value
matches (so also when the key is missing or empty), ``ForAnyValue`` when at least one does (so
never when it is missing or empty). ``IfExists`` does not change that for a missing key: the
qualifier's loop is over the request's values and a missing key has none; AWS answers a
``ForAnyValue:StringEqualsIfExists`` on an absent ``aws:TagKeys`` with a denial
(https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w).
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

Depends on ``_matching``, ``_variables``, ``_requests`` and ``_policy_documents``.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from fourbeat.iam._matching import Pieces, arn_glob, compiled, glob
from fourbeat.iam._policy_documents import condition_operator
from fourbeat.iam._requests import RequestContext, text
from fourbeat.iam._variables import Template, template

FOR_ALL = "ForAllValues"
FOR_ANY = "ForAnyValue"

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Family:
    """How one operator reads a request value and a policy value and compares them."""

    convert: Callable[[object], Any]
    """A request value to the form ``compare`` takes; None where it cannot be read."""
    prepare: Callable[[Pieces], Any]
    """A policy value (its variables resolved) to the form ``compare`` takes; None: invalid."""
    compare: Callable[[Any, Any], bool]
    negated: bool = False
    variables: bool = False
    """Whether the operator's values may hold policy variables (String, Arn and Bool)."""


def _joined(pieces: Pieces) -> str:
    return "".join(piece for piece, _ in pieces)


def _lower(value: object) -> str | None:
    found = text(value)
    return None if found is None else found.lower()


def _matches(value: str, pattern: re.Pattern[str]) -> bool:
    return pattern.match(value) is not None


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value) if isinstance(value, str) else None
    except ValueError:
        return None


_W3C = re.compile(
    r"(?P<y>\d{4})(?:-(?P<mo>\d\d)(?:-(?P<d>\d\d)(?:T(?P<h>\d\d):(?P<mi>\d\d)"
    r"(?::(?P<s>\d\d)(?P<f>\.\d+)?)?(?P<tz>Z|[+-]\d\d:?\d\d)?)?)?)?"
)
_EPOCH = re.compile(r"\d+(?:\.\d+)?")


def _epoch(value: object) -> float | None:
    """Seconds since the epoch of a W3C ISO 8601 date or an epoch time. Four digits alone are
    the W3C year form; any other run of digits is epoch seconds."""
    if not isinstance(value, str):
        return _number(value)
    written = value.strip()
    if _EPOCH.fullmatch(written) and len(written) != 4:
        return float(written)
    parts = _W3C.fullmatch(written)
    if parts is None:
        return None
    year, month, day, hour, minute, second = (int(parts[k] or d) for k, d in _FIELDS)
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None
    return moment.timestamp() + float(parts["f"] or 0) - _offset(parts["tz"])


_FIELDS = (("y", 0), ("mo", 1), ("d", 1), ("h", 0), ("mi", 0), ("s", 0))


def _offset(zone: str | None) -> int:
    if zone is None or zone == "Z":
        return 0
    digits = zone[1:].replace(":", "")
    seconds = int(digits[:2]) * 3600 + int(digits[2:]) * 60
    return seconds if zone[0] == "+" else -seconds


def _binary(value: object) -> bytes | None:
    if isinstance(value, bytes):
        return value
    try:
        return base64.b64decode(value, validate=True) if isinstance(value, str) else None
    except binascii.Error:
        return None


def _address(value: object) -> IpAddress | None:
    written = text(value)
    try:
        return None if written is None else ipaddress.ip_address(written.strip())
    except ValueError:
        return None


def _network(pieces: Pieces) -> IpNetwork | None:
    # An address without a prefix is a /32 (or /128): ip_network reads it so.
    try:
        return ipaddress.ip_network(_joined(pieces).strip(), strict=False)
    except ValueError:
        return None


def _within(address: IpAddress, network: IpNetwork) -> bool:
    return address.version == network.version and address in network


_STRING = Family(text, _joined, operator.eq, variables=True)
_IGNORE_CASE = Family(_lower, lambda pieces: _joined(pieces).lower(), operator.eq, variables=True)
_LIKE = Family(text, lambda pieces: compiled(glob(pieces)), _matches, variables=True)
_ARN = Family(text, lambda pieces: compiled(arn_glob(pieces, span=False)), _matches, variables=True)
_IP = Family(_address, _network, _within)


def _ordered(convert: Callable[[object], Any], compare: Callable[[Any, Any], bool]) -> Family:
    return Family(convert, lambda pieces: convert(_joined(pieces)), compare)


FAMILIES: dict[str, Family] = {
    "StringEquals": _STRING,
    "StringNotEquals": replace(_STRING, negated=True),
    "StringEqualsIgnoreCase": _IGNORE_CASE,
    "StringNotEqualsIgnoreCase": replace(_IGNORE_CASE, negated=True),
    "StringLike": _LIKE,
    "StringNotLike": replace(_LIKE, negated=True),
    "NumericEquals": _ordered(_number, operator.eq),
    "NumericNotEquals": replace(_ordered(_number, operator.eq), negated=True),
    "NumericLessThan": _ordered(_number, operator.lt),
    "NumericLessThanEquals": _ordered(_number, operator.le),
    "NumericGreaterThan": _ordered(_number, operator.gt),
    "NumericGreaterThanEquals": _ordered(_number, operator.ge),
    "DateEquals": _ordered(_epoch, operator.eq),
    "DateNotEquals": replace(_ordered(_epoch, operator.eq), negated=True),
    "DateLessThan": _ordered(_epoch, operator.lt),
    "DateLessThanEquals": _ordered(_epoch, operator.le),
    "DateGreaterThan": _ordered(_epoch, operator.gt),
    "DateGreaterThanEquals": _ordered(_epoch, operator.ge),
    # The operators page allows variables with Bool (the variables page says otherwise).
    "Bool": replace(_ordered(_lower, operator.eq), variables=True),
    "BinaryEquals": _ordered(_binary, operator.eq),
    "IpAddress": _IP,
    "NotIpAddress": replace(_IP, negated=True),
    "ArnEquals": _ARN,
    "ArnLike": _ARN,
    "ArnNotEquals": replace(_ARN, negated=True),
    "ArnNotLike": replace(_ARN, negated=True),
}
"""Every operator but ``Null``, by its base name."""


@lru_cache(maxsize=4096)
def _prepared(base: str, pieces: Pieces) -> Any:
    return FAMILIES[base].prepare(pieces)


@dataclass(frozen=True)
class ConditionTest:
    """One key under one operator: ``"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}``."""

    operator: str
    """As written, e.g. ``ForAnyValue:StringLikeIfExists``."""
    key: str
    """As written."""
    key_lower: str
    base: str
    qualifier: str | None
    if_exists: bool
    values: tuple[Any, ...]
    """The prepared values without variables."""
    templates: tuple[Template, ...]
    """The values with variables, prepared per request."""

    def holds(self, ctx: RequestContext) -> bool:
        family = FAMILIES[self.base]
        items = ctx.values(self.key_lower)
        if items is None:
            if self.qualifier is not None:
                return self.qualifier == FOR_ALL
            return self.if_exists or family.negated
        policy = self._policy_values(ctx, family.negated)
        if policy is None:
            return False
        hits = [_hit(family, family.convert(item), policy) for item in items]
        if self.qualifier == FOR_ALL:
            return all(hit != family.negated for hit in hits)
        if self.qualifier == FOR_ANY:
            return any(hit != family.negated for hit in hits)
        return any(hits) != family.negated

    def _policy_values(self, ctx: RequestContext, negated: bool) -> tuple[Any, ...] | None:
        """The prepared values with this request's variables; None where a negated operator
        has a variable without a value (the element then does not match)."""
        if not self.templates:
            return self.values
        values = list(self.values)
        for value in self.templates:
            pieces = value.resolve(ctx.variable)
            if pieces is None:
                if negated:
                    return None
                continue
            prepared = _prepared(self.base, pieces)
            if prepared is not None:
                values.append(prepared)
        return tuple(values)


def _hit(family: Family, value: Any, policy: Sequence[Any]) -> bool:
    return value is not None and any(family.compare(value, p) for p in policy)


@dataclass(frozen=True)
class NullTest:
    """``"Null": {"aws:TokenIssueTime": "true"}``: true tests that the key is absent (or has an
    empty set of values), false that it is present."""

    operator: str
    key: str
    key_lower: str
    expect_absent: tuple[bool, ...]

    def holds(self, ctx: RequestContext) -> bool:
        items = ctx.values(self.key_lower)
        absent = not items
        return any(absent == expected for expected in self.expect_absent)


Test = ConditionTest | NullTest


def compile_conditions(block: Mapping[str, Any], *, variables: bool) -> tuple[Test, ...]:
    """The tests of a statement's ``Condition`` element (already validated)."""
    tests: list[Test] = []
    for name, keys in block.items():
        for key, raw in keys.items():
            written = [_policy_text(v) for v in (raw if isinstance(raw, list) else [raw])]
            tests.append(_test(name, key, written, variables=variables))
    return tuple(tests)


def _test(name: str, key: str, written: list[str], *, variables: bool) -> Test:
    parts = condition_operator(name)
    assert parts is not None, f"{name} is not a condition operator; validate the policy first"
    if parts.base == "Null":
        absent = tuple(value.lower() == "true" for value in written if _is_bool(value))
        return NullTest(name, key, key.lower(), absent)
    family = FAMILIES[parts.base]
    fixed: list[Any] = []
    templated: list[Template] = []
    for value in written:
        parsed = template(value, variables=variables and family.variables)
        pieces = parsed.fixed
        if pieces is None:
            templated.append(parsed)
        elif (prepared := _prepared(parts.base, pieces)) is not None:
            fixed.append(prepared)
    return ConditionTest(
        operator=name,
        key=key,
        key_lower=key.lower(),
        base=parts.base,
        qualifier=parts.qualifier,
        if_exists=parts.if_exists,
        values=tuple(fixed),
        templates=tuple(templated),
    )


def _is_bool(value: str) -> bool:
    return value.lower() in ("true", "false")


def _policy_text(value: object) -> str:
    return text(value) or ""
