"""Compiling a policy: IAM's validation first, then one immutable, indexed object.

IAM refuses an unknown condition operator with ``Invalid Condition type : NAME``; ``IfExists``
and the set qualifiers apply to every operator but ``Null``:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from _eval_helpers import policy, statement

from fourbeat.errors import AwsError
from fourbeat.iam import PolicyKind, compile_policy
from fourbeat.iam._conditions import FAMILIES
from fourbeat.iam._policy_documents import (
    CONDITION_OPERATORS,
    ConditionOperator,
    condition_operator,
    parse_policy,
    validate_policy,
)

OPERATOR_NAMES = [
    ("StringEquals", ConditionOperator("StringEquals")),
    ("StringLikeIfExists", ConditionOperator("StringLike", if_exists=True)),
    ("ForAllValues:StringEquals", ConditionOperator("StringEquals", "ForAllValues")),
    ("ForAnyValue:ArnLikeIfExists", ConditionOperator("ArnLike", "ForAnyValue", True)),
    ("Null", ConditionOperator("Null")),
    ("DateGreaterThanEquals", ConditionOperator("DateGreaterThanEquals")),
    ("NotIpAddressIfExists", ConditionOperator("NotIpAddress", if_exists=True)),
    ("StringEqualz", None),
    ("stringequals", None),
    ("NullIfExists", None),
    ("ForAllValues:Null", None),
    ("ForSomeValues:StringEquals", None),
    ("ForAllValues:", None),
    ("IfExists", None),
    ("StringEqualsIfExistsIfExists", None),
    (":StringEquals", None),
]


@pytest.mark.parametrize(("name", "parts"), OPERATOR_NAMES, ids=[n for n, _ in OPERATOR_NAMES])
def test_condition_operator_names(name: str, parts: ConditionOperator | None) -> None:
    assert condition_operator(name) == parts


def test_every_operator_iam_knows_is_evaluated() -> None:
    assert set(FAMILIES) | {"Null"} == CONDITION_OPERATORS


def _document(condition: object) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [statement(Condition=condition)]})


@pytest.mark.parametrize(
    "operator", ["StringEqualz", "ForAllValues:Null", "NullIfExists", "Foo:StringEquals"]
)
def test_an_unknown_condition_operator_is_refused_with_iams_message(operator: str) -> None:
    text = _document({operator: {"aws:username": "x"}})
    for check in (parse_policy, lambda t: validate_policy(t, PolicyKind.MANAGED)):
        with pytest.raises(AwsError) as caught:
            check(text)
        assert caught.value.code == "MalformedPolicyDocumentException"
        assert caught.value.message == f"Invalid Condition type : {operator}"


def test_grammar_errors_come_before_the_operator_check() -> None:
    with pytest.raises(AwsError, match=r"Syntax errors in policy\."):
        parse_policy(_document({"StringEqualz": "not a block"}))


def test_parse_policy_returns_the_document() -> None:
    text = _document({"StringEquals": {"aws:username": "x"}})
    assert parse_policy(text) == json.loads(text)


def test_compiling_validates_with_the_kind_given() -> None:
    bucket_statement = statement(Principal="*")
    compile_policy({"Version": "2012-10-17", "Statement": [bucket_statement]})
    with pytest.raises(AwsError, match=r"Policy document should not specify a principal\."):
        compile_policy(
            {"Version": "2012-10-17", "Statement": [bucket_statement]}, kind=PolicyKind.INLINE
        )
    with pytest.raises(AwsError, match=r"Syntax errors in policy\."):
        compile_policy("{not json")


def test_a_document_as_text_or_as_a_mapping_compiles_alike() -> None:
    document = {"Version": "2012-10-17", "Statement": statement(action="s3:Get*")}
    assert compile_policy(document, name="p") is compile_policy(json.dumps(document), name="p")


def test_the_same_document_compiles_once() -> None:
    text = json.dumps({"Version": "2012-10-17", "Statement": [statement()]})
    assert compile_policy(text, name="p") is compile_policy(text, name="p")


def test_a_compiled_policy_is_immutable_and_hashable() -> None:
    compiled = policy(statement(Sid="One"))
    assert {compiled: "cached"}[compiled] == "cached"
    with pytest.raises(dataclasses.FrozenInstanceError):
        compiled.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        compiled.statements[0].allow = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        compiled._by_service["s3"] = ()  # type: ignore[index]


def test_statements_are_indexed_by_the_services_their_actions_name() -> None:
    compiled = policy(
        statement(action=["s3:GetObject", "sqs:SendMessage"]),
        statement(action="sqs:*"),
        statement(action="*"),
        statement(NotAction="iam:*"),
        statement(action="s?:List*"),
    )
    assert [s.index for s in compiled.candidates("s3")] == [0, 2, 3, 4]
    assert [s.index for s in compiled.candidates("sqs")] == [0, 1, 2, 3, 4]
    assert [s.index for s in compiled.candidates("lambda")] == [2, 3, 4]


def test_a_single_statement_object_compiles() -> None:
    compiled = compile_policy({"Version": "2012-10-17", "Statement": statement(Sid="Only")})
    assert [(s.index, s.sid) for s in compiled.statements] == [(0, "Only")]
    assert compiled.version == "2012-10-17"
