"""Policy documents are refused in IAM's order of checks, with IAM's messages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fourbeat.errors import AwsError
from fourbeat.iam._policy_documents import PolicyKind, policy_size, validate_policy


def _doc(*statements: dict[str, Any], version: str | None = "2012-10-17") -> str:
    document: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        document["Version"] = version
    return json.dumps(document)


def _message(text: str, kind: PolicyKind = PolicyKind.INLINE) -> str:
    with pytest.raises(AwsError) as caught:
        validate_policy(text, kind)
    assert caught.value.code == "MalformedPolicyDocumentException"
    return caught.value.message


GOOD = {"Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"], "Resource": "*"}


def test_a_valid_identity_policy_parses() -> None:
    assert validate_policy(_doc(GOOD), PolicyKind.MANAGED)["Statement"] == [GOOD]


def test_a_single_statement_object_is_allowed() -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": GOOD})
    validate_policy(text, PolicyKind.INLINE)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "null",
        '"text"',
        _doc(),
        _doc(dict(GOOD, Effect=True)),
        _doc(dict(GOOD, Unknown=1)),
        _doc(dict(GOOD, NotAction="s3:*")),
        _doc(dict(GOOD, Action={"s3": "GetObject"})),
        _doc(dict(GOOD, Condition={"StringEquals": "x"})),
        _doc(GOOD, version="2012-10-18"),
        json.dumps({"Statement": [GOOD], "Id": 5}),
    ],
)
def test_grammar_errors_are_syntax_errors(text: str) -> None:
    assert _message(text) == "Syntax errors in policy."


def test_2008_version_is_allowed_inline_but_not_for_a_managed_policy() -> None:
    validate_policy(_doc(GOOD, version="2008-10-17"), PolicyKind.INLINE)
    assert (
        _message(_doc(GOOD, version="2008-10-17"), PolicyKind.MANAGED)
        == "Policy document must be version 2012-10-17 or greater."
    )


def test_sids_must_be_unique() -> None:
    text = _doc(dict(GOOD, Sid="a"), dict(GOOD, Sid="a"))
    assert _message(text) == "Statement IDs (SID) in a single policy must be unique."


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("s3:Get:Object", "Actions/Condition can contain only one colon."),
        ("s 3:GetObject", "Vendor s 3 is not valid"),
    ],
)
def test_action_names_need_one_vendor_prefix(action: str, message: str) -> None:
    assert _message(_doc(dict(GOOD, Action=action))) == message


def test_trust_policies_allow_only_sts_actions() -> None:
    statement = {"Effect": "Allow", "Principal": {"Service": "x.amazonaws.com"}, "Action": "s3:*"}
    assert _message(_doc(statement), PolicyKind.TRUST).startswith(
        "Trust Policy statement actions can only be sts:AssumeRole"
    )
    statement["Action"] = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
    validate_policy(_doc(statement), PolicyKind.TRUST)


def test_trust_policy_principal_is_checked_by_the_callback() -> None:
    arn = "arn:aws:iam::000000000000:role/gone"
    statement = {"Effect": "Allow", "Principal": {"AWS": [arn]}, "Action": "sts:AssumeRole"}
    with pytest.raises(AwsError, match="Invalid principal in policy"):
        validate_policy(_doc(statement), PolicyKind.TRUST, lambda _: False)
    validate_policy(_doc(statement), PolicyKind.TRUST, lambda _: True)


def test_size_counts_characters_other_than_white_space() -> None:
    assert policy_size('{ "a" :\n\t"b c" }') == len('{"a":"bc"}')
