"""String condition operators, IfExists, and how values, keys and operators combine.

A key the request lacks makes a condition false, a negated operator true, and IfExists true;
values of one key are OR'd (NOR for negated operators), keys and operators AND'd; condition
key names are case-insensitive, values are compared case-sensitively unless IgnoreCase:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _eval_helpers import allows, condition_holds, statement

from fourbeat.iam._requests import ContextValue

KEY = "aws:RequestTag/env"

STRING_CASES: list[tuple[str, Any, ContextValue | None, bool]] = [
    ("StringEquals", "prod", "prod", True),
    ("StringEquals", "prod", "Prod", False),
    ("StringEquals", "prod", "prod ", False),
    ("StringEquals", "prod", None, False),
    ("StringEquals", ["dev", "prod"], "prod", True),
    ("StringEquals", ["dev", "prod"], "test", False),
    ("StringEquals", "", "", True),
    ("StringEquals", "1", 1, True),
    ("StringEquals", "true", True, True),
    ("StringNotEquals", "prod", "dev", True),
    ("StringNotEquals", "prod", "prod", False),
    ("StringNotEquals", "prod", None, True),
    ("StringNotEquals", ["dev", "prod"], "prod", False),
    ("StringNotEquals", ["dev", "prod"], "dev", False),
    ("StringNotEquals", ["dev", "prod"], "test", True),
    ("StringEqualsIgnoreCase", "prod", "PROD", True),
    ("StringEqualsIgnoreCase", "PrOd", "pRoD", True),
    ("StringEqualsIgnoreCase", "prod", "prd", False),
    ("StringEqualsIgnoreCase", "prod", None, False),
    ("StringNotEqualsIgnoreCase", "prod", "PROD", False),
    ("StringNotEqualsIgnoreCase", "prod", "dev", True),
    ("StringNotEqualsIgnoreCase", "prod", None, True),
    ("StringLike", "pro*", "production", True),
    ("StringLike", "pro*", "Production", False),
    ("StringLike", "p?od", "prod", True),
    ("StringLike", "p?od", "pod", False),
    ("StringLike", "*", "", True),
    ("StringLike", "*", None, False),
    ("StringLike", "a.c", "abc", False),
    ("StringLike", "a.c", "a.c", True),
    ("StringLike", "a[bc]", "ab", False),
    ("StringLike", "^prod$", "prod", False),
    ("StringLike", "home/*/docs", "home/alice/docs", True),
    ("StringLike", "home/*/docs", "home/alice/docs/x", False),
    ("StringLike", ["dev*", "prod*"], "prod-1", True),
    ("StringLike", "line*", "line\nbreak", True),
    ("StringNotLike", "pro*", "dev", True),
    ("StringNotLike", "pro*", "prod", False),
    ("StringNotLike", "pro*", None, True),
    ("StringNotLike", ["dev*", "prod*"], "dev-1", False),
    ("StringNotLike", ["dev*", "prod*"], "test", True),
    ("StringEqualsIfExists", "prod", "prod", True),
    ("StringEqualsIfExists", "prod", "dev", False),
    ("StringEqualsIfExists", "prod", None, True),
    ("StringNotEqualsIfExists", "prod", None, True),
    ("StringNotEqualsIfExists", "prod", "prod", False),
    ("StringLikeIfExists", "t2.*", "t2.micro", True),
    ("StringLikeIfExists", "t2.*", "m5.large", False),
    ("StringLikeIfExists", "t2.*", None, True),
    ("StringNotLikeIfExists", "t2.*", None, True),
    ("StringEqualsIgnoreCaseIfExists", "prod", None, True),
    ("StringEqualsIgnoreCaseIfExists", "prod", "PROD", True),
]


@pytest.mark.parametrize(
    ("operator", "policy", "request_value", "expected"),
    STRING_CASES,
    ids=[f"{o}:{p!r}~{r!r}->{e}" for o, p, r, e in STRING_CASES],
)
def test_string_operators(
    operator: str, policy: Any, request_value: ContextValue | None, expected: bool
) -> None:
    context = {} if request_value is None else {KEY: request_value}
    assert condition_holds({operator: {KEY: policy}}, context) is expected


@pytest.mark.parametrize(
    "written",
    ["aws:RequestTag/env", "AWS:REQUESTTAG/ENV", "aws:requesttag/env", "Aws:RequestTag/Env"],
)
def test_condition_key_names_are_case_insensitive(written: str) -> None:
    assert condition_holds({"StringEquals": {written: "prod"}}, {"aws:RequestTag/env": "prod"})
    assert condition_holds({"StringEquals": {"aws:RequestTag/env": "prod"}}, {written: "prod"})


def test_several_keys_of_one_operator_must_all_hold() -> None:
    both = {"StringEquals": {"a:x": "1", "a:y": "2"}}
    assert condition_holds(both, {"a:x": "1", "a:y": "2"})
    assert not condition_holds(both, {"a:x": "1", "a:y": "3"})
    assert not condition_holds(both, {"a:x": "1"})


def test_several_operators_must_all_hold() -> None:
    both = {"StringEquals": {"a:x": "1"}, "StringLike": {"a:y": "b*"}}
    assert condition_holds(both, {"a:x": "1", "a:y": "bee"})
    assert not condition_holds(both, {"a:x": "1", "a:y": "cee"})
    assert not condition_holds(both, {"a:x": "2", "a:y": "bee"})


def test_the_documented_nor_example() -> None:
    """The table of reference_policies_condition-logic-multiple-context-keys-or-values."""
    condition = {
        "StringEquals": {
            "aws:PrincipalTag/department": ["finance", "hr", "legal"],
            "aws:PrincipalTag/role": ["audit", "security"],
        },
        "ArnNotLike": {
            "aws:PrincipalArn": [
                "arn:aws:iam::222222222222:user/Ana",
                "arn:aws:iam::222222222222:user/Mary",
            ]
        },
    }

    def ctx(department: str | None, role: str | None, user: str) -> dict[str, ContextValue]:
        out: dict[str, ContextValue] = {
            "aws:PrincipalArn": f"arn:aws:iam::222222222222:user/{user}"
        }
        if department:
            out["aws:PrincipalTag/department"] = department
        if role:
            out["aws:PrincipalTag/role"] = role
        return out

    assert condition_holds(condition, ctx("legal", "audit", "Nikki"))
    assert not condition_holds(condition, ctx("hr", "audit", "Mary"))
    assert not condition_holds(condition, ctx("hr", "payroll", "Nikki"))
    assert not condition_holds(condition, ctx("hr", None, "Nikki"))
    assert not condition_holds(condition, ctx(None, None, "Nikki"))


def test_a_deny_with_a_negated_ifexists_denies_when_the_key_is_missing() -> None:
    deny = statement(
        "Deny", Condition={"StringNotEqualsIfExists": {"aws:ResourceTag/owner": "alice"}}
    )
    assert not allows([statement(), deny])
    assert not allows([statement(), deny], context={"aws:ResourceTag/owner": "bob"})
    assert allows([statement(), deny], context={"aws:ResourceTag/owner": "alice"})


def test_a_multivalued_key_without_a_qualifier_matches_when_any_value_does() -> None:
    assert condition_holds({"StringEquals": {"a:k": "x"}}, {"a:k": ["y", "x"]})
    assert not condition_holds({"StringEquals": {"a:k": "x"}}, {"a:k": ["y", "z"]})
    assert not condition_holds({"StringNotEquals": {"a:k": "x"}}, {"a:k": ["y", "x"]})
