"""Policy documents checked on write, the way IAM checks them, with IAM's own messages.

IAM refuses a document in stages, and the first stage that fails names the error: JSON and
grammar (``Syntax errors in policy.``), known condition operators (``Invalid Condition type :
NAME``), the version a managed policy needs, the legacy parser (case-sensitive ``Effect``),
unique ``Sid`` values, then the elements each kind of policy must or must not have. Identity
policies (inline and managed) need actions and resources and may not name a principal; trust
policies need a principal and may not name resources.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

Sizes count characters other than white space, as IAM's quotas do:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
Depends on ``errors`` only.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fourbeat.errors import AwsError

VERSIONS = ("2008-10-17", "2012-10-17")
_TOP = {"Version", "Id", "Statement"}
_STATEMENT = {
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
}
_EXCLUSIVE = (("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal"))
_PRINCIPAL_KINDS = {"AWS", "Service", "Federated", "CanonicalUser"}
_VENDOR = re.compile(r"[a-zA-Z0-9\-.]+")
_WHITESPACE = re.compile(r"\s")

CONDITION_OPERATORS = frozenset(
    (
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateLessThanEquals",
        "DateGreaterThan",
        "DateGreaterThanEquals",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
        "ArnNotEquals",
        "ArnNotLike",
        "Null",
    )
)
"""The condition operators IAM knows, without their ``IfExists`` suffix and set qualifier:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"""
SET_QUALIFIERS = ("ForAllValues", "ForAnyValue")

SYNTAX_ERROR = "Syntax errors in policy."
TRUST_ACTIONS = (
    "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and "
    "sts:AssumeRoleWithWebIdentity"
)


class PolicyKind(enum.Enum):
    INLINE = "inline"
    """An identity policy embedded in a user or role."""
    MANAGED = "managed"
    """A version of a customer managed policy: it must use the 2012-10-17 language."""
    TRUST = "trust"
    """A role's trust policy (AssumeRolePolicyDocument)."""
    SESSION = "session"
    """An STS session policy: an identity policy that narrows a session."""


@dataclass(frozen=True)
class ConditionOperator:
    """A condition operator as written: ``ForAnyValue:StringLikeIfExists`` is ``StringLike``
    with the ``ForAnyValue`` qualifier and ``IfExists``."""

    base: str
    qualifier: str | None = None
    if_exists: bool = False


def condition_operator(name: str) -> ConditionOperator | None:
    """The parts of a condition operator's name, or None where IAM knows no such operator.

    ``Null`` takes neither ``IfExists`` nor a set qualifier: it tests the key's presence itself.
    """
    qualifier, colon, rest = name.partition(":")
    if not colon:
        qualifier, rest = "", name
    elif qualifier not in SET_QUALIFIERS:
        return None
    base = rest.removesuffix("IfExists")
    if_exists = base != rest
    if base not in CONDITION_OPERATORS or (base == "Null" and (if_exists or qualifier)):
        return None
    return ConditionOperator(base, qualifier or None, if_exists)


def malformed(message: str) -> AwsError:
    return AwsError("MalformedPolicyDocumentException", message)


def policy_size(text: str) -> int:
    """The size IAM's quotas count: characters other than white space."""
    return len(_WHITESPACE.sub("", text))


def validate_policy(
    text: str,
    kind: PolicyKind,
    principal_exists: Callable[[str], bool] | None = None,
) -> dict[str, Any]:
    """The parsed document, or MalformedPolicyDocument with the message IAM gives.

    ``principal_exists`` answers, for a trust policy, whether an ARN of this account's users and
    roles names one that exists: IAM refuses a trust policy naming one that does not.
    """
    document = parse_policy(text)
    statements = _statements(document)
    if kind is PolicyKind.MANAGED and document.get("Version") != "2012-10-17":
        raise malformed("Policy document must be version 2012-10-17 or greater.")
    if any(s["Effect"] not in ("Allow", "Deny") for s in statements):
        raise malformed("The policy failed legacy parsing")
    sids = [s["Sid"] for s in statements if s.get("Sid")]
    if len(sids) != len(set(sids)):
        raise malformed("Statement IDs (SID) in a single policy must be unique.")
    if kind is PolicyKind.TRUST:
        _check_trust(statements, principal_exists)
    else:
        _check_identity(statements)
    return document


def parse_policy(text: str) -> dict[str, Any]:
    """The parsed document once its JSON, grammar and condition operators are IAM's; the checks
    every kind of policy shares, resource-based policies of other services included."""
    try:
        document = json.loads(text)
    except ValueError:
        raise malformed(SYNTAX_ERROR) from None
    if not isinstance(document, dict) or not _grammar_ok(document):
        raise malformed(SYNTAX_ERROR)
    for statement in _statements(document):
        for name in statement.get("Condition", {}):
            if condition_operator(name) is None:
                raise malformed(f"Invalid Condition type : {name}")
    return document


def _statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    statement = document["Statement"]
    return [statement] if isinstance(statement, dict) else list(statement)


def _grammar_ok(document: dict[str, Any]) -> bool:
    if not set(document) <= _TOP or "Statement" not in document:
        return False
    if "Version" in document and document["Version"] not in VERSIONS:
        return False
    if "Id" in document and not isinstance(document["Id"], str):
        return False
    statement = document["Statement"]
    if not isinstance(statement, dict | list) or not statement:
        return False
    return all(_statement_ok(s) for s in _statements(document))


def _statement_ok(statement: Any) -> bool:
    if not isinstance(statement, dict) or not set(statement) <= _STATEMENT:
        return False
    if any(a in statement and b in statement for a, b in _EXCLUSIVE):
        return False
    effect = statement.get("Effect")
    if not isinstance(effect, str) or effect.lower() not in ("allow", "deny"):
        return False
    if "Sid" in statement and not isinstance(statement["Sid"], str):
        return False
    strings = ("Action", "NotAction", "Resource", "NotResource")
    if not all(_strings_ok(statement[k]) for k in strings if k in statement):
        return False
    principals = [statement[k] for k in ("Principal", "NotPrincipal") if k in statement]
    if not all(_principal_ok(p) for p in principals):
        return False
    return "Condition" not in statement or _condition_ok(statement["Condition"])


def _strings_ok(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _principal_ok(value: Any) -> bool:
    if value == "*":
        return True
    if not isinstance(value, dict) or not set(value) <= _PRINCIPAL_KINDS:
        return False
    return all(_strings_ok(v) for v in value.values())


def _condition_ok(condition: Any) -> bool:
    if not isinstance(condition, dict):
        return False
    for block in condition.values():
        if not isinstance(block, dict):
            return False
        for value in block.values():
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str | bool | int | float) for v in items):
                return False
    return True


def _values(statement: dict[str, Any], *keys: str) -> Iterator[str]:
    for key in keys:
        value = statement.get(key)
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from value


def _has(statement: dict[str, Any], *keys: str) -> bool:
    return any(statement.get(k) not in (None, []) for k in keys)


def _check_identity(statements: list[dict[str, Any]]) -> None:
    for statement in statements:
        if "Principal" in statement or "NotPrincipal" in statement:
            raise malformed("Policy document should not specify a principal.")
        if not _has(statement, "Action", "NotAction"):
            raise malformed("Policy statement must contain actions.")
        if not _has(statement, "Resource", "NotResource"):
            raise malformed("Policy statement must contain resources.")
    for statement in statements:
        for action in _values(statement, "Action", "NotAction"):
            _check_action(action)
        for resource in _values(statement, "Resource", "NotResource"):
            if resource != "*" and ":" not in resource:
                raise malformed(f'Resource {resource} must be in ARN format or "*".')


def _check_action(action: str) -> None:
    parts = action.split(":")
    if len(parts) == 1 and action != "*":
        raise malformed(
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
        )
    if len(parts) > 2:
        raise malformed("Actions/Condition can contain only one colon.")
    if parts[0] != "*" and not _VENDOR.fullmatch(parts[0]):
        raise malformed(f"Vendor {parts[0]} is not valid")


def _check_trust(
    statements: list[dict[str, Any]], principal_exists: Callable[[str], bool] | None
) -> None:
    for statement in statements:
        if "Principal" not in statement and "NotPrincipal" not in statement:
            raise malformed("Missing required field Principal")
        if not _has(statement, "Action", "NotAction"):
            raise malformed("Policy statement must contain actions.")
        if "Resource" in statement or "NotResource" in statement:
            raise malformed("Has prohibited field Resource.")
        for action in _values(statement, "Action", "NotAction"):
            _check_action(action)
            if action != "*" and action.split(":")[0].lower() != "sts":
                raise malformed(TRUST_ACTIONS)
        if principal_exists is not None:
            _check_principals(statement, principal_exists)


def _check_principals(statement: dict[str, Any], principal_exists: Callable[[str], bool]) -> None:
    for key in ("Principal", "NotPrincipal"):
        value = statement.get(key)
        if not isinstance(value, dict):
            continue
        aws = value.get("AWS", [])
        for arn in [aws] if isinstance(aws, str) else aws:
            if not principal_exists(arn):
                raise malformed(f'Invalid principal in policy: "AWS":"{arn}"')
