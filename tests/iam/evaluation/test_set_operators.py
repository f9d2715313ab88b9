"""ForAllValues and ForAnyValue over multivalued keys, with missing and empty keys.

ForAllValues holds when every request value matches a policy value, and also when the key is
missing or its set of values is empty; ForAnyValue holds when at least one does, never when the
key is missing or empty. Negated operators test each request value against none of the policy
values. IfExists changes nothing for a missing key under a set qualifier (AWS denies a
``ForAnyValue:StringEqualsIfExists`` on an absent key: https://repost.aws/questions/QU9HFmDzP0QGuU-fd7rS6B7w).
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _eval_helpers import allows, condition_holds, statement

from fourbeat.iam._requests import ContextValue

KEY = "aws:TagKeys"
MISSING = None

SET_CASES: list[tuple[str, Any, ContextValue | None, bool]] = [
    ("ForAllValues:StringEquals", ["env", "team"], ["env"], True),
    ("ForAllValues:StringEquals", ["env", "team"], ["env", "team"], True),
    ("ForAllValues:StringEquals", ["env", "team"], ["env", "cost"], False),
    ("ForAllValues:StringEquals", ["env", "team"], MISSING, True),
    ("ForAllValues:StringEquals", ["env", "team"], [], True),
    ("ForAllValues:StringEquals", ["env", "team"], "env", True),
    ("ForAllValues:StringEqualsIfExists", ["env"], MISSING, True),
    ("ForAllValues:StringLike", "Created*", ["CreatedBy", "CreatedAt"], True),
    ("ForAllValues:StringLike", "Created*", ["CreatedBy", "Owner"], False),
    ("ForAllValues:StringNotEquals", ["env", "team"], ["cost"], True),
    ("ForAllValues:StringNotEquals", ["env", "team"], ["cost", "env"], False),
    ("ForAllValues:StringNotEquals", ["env", "team"], MISSING, True),
    ("ForAllValues:StringNotEquals", ["env", "team"], [], True),
    ("ForAllValues:StringNotLike", "key1*", ["key1:legal"], False),
    ("ForAllValues:StringNotLike", "key1*", ["key1:hr", "key1:personnel"], False),
    ("ForAllValues:StringNotLike", "key1*", ["key2:audit"], True),
    ("ForAllValues:StringNotLike", "key1*", MISSING, True),
    ("ForAllValues:StringEqualsIgnoreCase", ["ENV"], ["env", "Env"], True),
    ("ForAnyValue:StringEquals", ["DataClass", "Owner"], MISSING, False),
    ("ForAnyValue:StringEquals", ["DataClass", "Owner"], [], False),
    ("ForAnyValue:StringEquals", ["DataClass", "Owner"], ["Dept", "SIC"], False),
    ("ForAnyValue:StringEquals", ["DataClass", "Owner"], ["DataClass", "Dept"], True),
    ("ForAnyValue:StringEquals", ["DataClass", "Owner"], ["DataClass", "Owner"], True),
    ("ForAnyValue:StringEquals", ["DataClass", "Owner"], "Owner", True),
    ("ForAnyValue:StringEqualsIfExists", ["team"], MISSING, False),
    ("ForAnyValue:StringNotEquals", ["DataClass", "Owner"], MISSING, False),
    ("ForAnyValue:StringNotEquals", ["DataClass", "Owner"], [], False),
    ("ForAnyValue:StringNotEquals", ["DataClass", "Owner"], ["DataClass", "Owner"], False),
    ("ForAnyValue:StringNotEquals", ["DataClass", "Owner"], ["DataClass", "Dept"], True),
    ("ForAnyValue:StringNotEqualsIfExists", ["DataClass"], MISSING, False),
    ("ForAnyValue:StringLike", "team*", ["env", "team-a"], True),
    ("ForAnyValue:StringNotLike", "team*", ["team-a", "team-b"], False),
]


@pytest.mark.parametrize(
    ("operator", "policy", "request_value", "expected"),
    SET_CASES,
    ids=[f"{o}:{p!r}~{r!r}->{e}" for o, p, r, e in SET_CASES],
)
def test_set_operators_over_strings(
    operator: str, policy: Any, request_value: ContextValue | None, expected: bool
) -> None:
    context = {} if request_value is None else {KEY: request_value}
    assert condition_holds({operator: {KEY: policy}}, context) is expected


TYPED_SETS: list[tuple[str, str, Any, ContextValue | None, bool]] = [
    (
        "ForAnyValue:ArnLike",
        "aws:PrincipalServiceNamesList",
        "arn:aws:sns:*:*:*",
        ["arn:aws:sns:us-east-1:1:t", "x"],
        True,
    ),
    (
        "ForAllValues:ArnLike",
        "a:arns",
        "arn:aws:sns:*:*:*",
        ["arn:aws:sns:us-east-1:1:t", "x"],
        False,
    ),
    ("ForAnyValue:IpAddress", "a:ips", "10.0.0.0/8", ["192.168.0.1", "10.9.9.9"], True),
    ("ForAllValues:IpAddress", "a:ips", "10.0.0.0/8", ["192.168.0.1", "10.9.9.9"], False),
    ("ForAllValues:NotIpAddress", "a:ips", "10.0.0.0/8", ["192.168.0.1"], True),
    ("ForAnyValue:NumericGreaterThan", "a:sizes", "100", ["1", "200"], True),
    ("ForAllValues:NumericGreaterThan", "a:sizes", "100", ["1", "200"], False),
    ("ForAnyValue:DateLessThan", "a:dates", "2020-01-01", ["2019-06-01", "2021-01-01"], True),
    ("ForAllValues:Bool", "a:flags", "true", ["true", "true"], True),
]


@pytest.mark.parametrize(
    ("operator", "key", "policy", "request_value", "expected"),
    TYPED_SETS,
    ids=[f"{o}:{p!r}~{r!r}->{e}" for o, _, p, r, e in TYPED_SETS],
)
def test_set_operators_over_other_families(
    operator: str, key: str, policy: Any, request_value: ContextValue | None, expected: bool
) -> None:
    context = {} if request_value is None else {key: request_value}
    assert condition_holds({operator: {key: policy}}, context) is expected


def test_for_all_values_in_an_allow_opens_on_a_missing_key_unless_null_guards_it() -> None:
    """The documented way to stop a missing key from making ForAllValues true."""
    open_allow = {"ForAllValues:StringEquals": {KEY: ["env"]}}
    guarded = {**open_allow, "Null": {KEY: "false"}}
    assert condition_holds(open_allow)
    assert not condition_holds(guarded)
    assert condition_holds(guarded, {KEY: ["env"]})


def test_deny_with_for_all_values_not_like_denies_a_request_without_tags() -> None:
    deny = statement(
        "Deny",
        action="iam:Tag*",
        Condition={"ForAllValues:StringNotLike": {KEY: "key1*"}},
    )
    assert not allows([statement(), deny], action="iam:TagRole", resource="*")
    assert allows(
        [statement(), deny], action="iam:TagRole", resource="*", context={KEY: ["key1:a"]}
    )
