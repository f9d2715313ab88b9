"""Policy variables in Resource and in conditions, with defaults and the special variables.

A variable takes its context key's value (keys are case-insensitive); ``${key, 'default'}``
falls back to the default; with neither the element does not match. ``${*}``, ``${?}`` and
``${$}`` are literal characters. Variables exist only in the 2012-10-17 language; without it
``${aws:username}`` is plain text. Only IAM users have ``aws:username``:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""

from __future__ import annotations

import pytest
from _eval_helpers import SESSION, USER, allows, condition_holds, statement

from fourbeat.iam import Principal
from fourbeat.iam._requests import ContextValue

HOME = "arn:aws:s3:::bucket/home/${aws:username}/*"

RESOURCE_VARIABLES: list[tuple[str, str, Principal, bool]] = [
    (HOME, "arn:aws:s3:::bucket/home/alice/notes.txt", USER, True),
    (HOME, "arn:aws:s3:::bucket/home/bob/notes.txt", USER, False),
    (HOME, "arn:aws:s3:::bucket/home/worker/notes.txt", SESSION, False),
    (HOME, "arn:aws:s3:::bucket/home//notes.txt", SESSION, False),
    ("arn:aws:s3:::bucket/home/${AWS:UserName}/*", "arn:aws:s3:::bucket/home/alice/x", USER, True),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*", "arn:aws:s3:::bucket/blue/x", USER, True),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*", "arn:aws:s3:::bucket/red/x", SESSION, True),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/team}/*", "arn:aws:s3:::bucket/red/x", USER, False),
    ("arn:aws:s3:::bucket/${aws:PrincipalTag/costcenter}", "arn:aws:s3:::bucket/42", USER, True),
    ("arn:aws:s3:::bucket/${aws:userid}", "arn:aws:s3:::bucket/AIDAALICE0000000000", USER, True),
    (
        "arn:aws:s3:::bucket/${aws:userid}",
        "arn:aws:s3:::bucket/AROAAPP000000000000:worker",
        SESSION,
        True,
    ),
    (
        "arn:aws:s3:::bucket/${aws:username, 'shared'}/*",
        "arn:aws:s3:::bucket/shared/x",
        SESSION,
        True,
    ),
    ("arn:aws:s3:::bucket/${aws:username, 'shared'}/*", "arn:aws:s3:::bucket/alice/x", USER, True),
    (
        "arn:aws:s3:::bucket/${aws:username, 'shared'}/*",
        "arn:aws:s3:::bucket/shared/x",
        USER,
        False,
    ),
    (
        "arn:aws:s3:::bucket/${aws:username,'shared'}/*",
        "arn:aws:s3:::bucket/shared/x",
        SESSION,
        True,
    ),
    ("arn:aws:s3:::bucket/${a:none, ''}x", "arn:aws:s3:::bucket/x", USER, True),
    ("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/*", USER, True),
    ("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/anything", USER, False),
    ("arn:aws:s3:::bucket/a${?}", "arn:aws:s3:::bucket/a?", USER, True),
    ("arn:aws:s3:::bucket/a${?}", "arn:aws:s3:::bucket/ab", USER, False),
    ("arn:aws:s3:::bucket/${$}x", "arn:aws:s3:::bucket/$x", USER, True),
    ("arn:aws:s3:::bucket/${aws:SourceIdentity}/*", "arn:aws:s3:::bucket/alice/k", SESSION, True),
    ("arn:aws:s3:::bucket/${}", "arn:aws:s3:::bucket/${}", USER, True),
    ("arn:aws:s3:::bucket/${a:x, 'unclosed}", "arn:aws:s3:::bucket/${a:x, 'unclosed}", USER, True),
]


@pytest.mark.parametrize(
    ("pattern", "resource", "principal", "expected"),
    RESOURCE_VARIABLES,
    ids=[f"{p}~{r}@{c.name}->{e}" for p, r, c, e in RESOURCE_VARIABLES],
)
def test_variables_in_resource(
    pattern: str, resource: str, principal: Principal, expected: bool
) -> None:
    assert allows(statement(resource=pattern), resource=resource, principal=principal) is expected


def test_a_resolved_value_is_literal_not_a_wildcard() -> None:
    starred = Principal("arn:aws:iam::111122223333:user/a*", "111122223333", "AIDASTAR")
    pattern = statement(resource="arn:aws:s3:::bucket/${aws:username}")
    assert allows(pattern, resource="arn:aws:s3:::bucket/a*", principal=starred)
    assert not allows(pattern, resource="arn:aws:s3:::bucket/abc", principal=starred)


def test_variables_from_the_request_context() -> None:
    pattern = statement(resource="arn:aws:sqs:*:*:${aws:RequestTag/queue}")
    queue = "arn:aws:sqs:us-east-1:111122223333:jobs"
    assert allows(pattern, resource=queue, context={"aws:RequestTag/queue": "jobs"})
    assert not allows(pattern, resource=queue, context={"aws:RequestTag/queue": "other"})
    assert not allows(pattern, resource=queue)


def test_a_multivalued_key_is_no_variable() -> None:
    pattern = statement(resource="arn:aws:s3:::bucket/${a:list}")
    assert not allows(pattern, resource="arn:aws:s3:::bucket/x", context={"a:list": ["x"]})


def test_variables_are_text_in_the_2008_language_and_without_a_version() -> None:
    for version in ("2008-10-17", None):
        literal = statement(resource=HOME)
        assert not allows(literal, resource="arn:aws:s3:::bucket/home/alice/x", version=version)
        assert allows(
            literal, resource="arn:aws:s3:::bucket/home/${aws:username}/x", version=version
        )


def test_an_unresolved_variable_in_not_resource_keeps_the_statement_off() -> None:
    deny_others = statement("Deny", NotResource="arn:aws:s3:::bucket/home/${aws:username}/*")
    assert not allows([statement(), deny_others], resource="arn:aws:s3:::bucket/other")
    assert allows([statement(), deny_others], resource="arn:aws:s3:::bucket/home/alice/x")
    assert allows(
        [statement(), deny_others], resource="arn:aws:s3:::bucket/other", principal=SESSION
    )


CONDITION_VARIABLES: list[tuple[str, str, ContextValue | None, Principal, bool]] = [
    ("StringLike", "home/${aws:username}/*", "home/alice/x", USER, True),
    ("StringLike", "home/${aws:username}/*", "home/bob/x", USER, False),
    ("StringLike", "home/${aws:username}/*", "home/worker/x", SESSION, False),
    ("StringEquals", "${aws:PrincipalTag/team}", "blue", USER, True),
    ("StringEquals", "${aws:PrincipalTag/team}", "red", USER, False),
    ("StringEquals", "${aws:username, 'nobody'}", "nobody", SESSION, True),
    ("StringEqualsIgnoreCase", "${aws:username}", "ALICE", USER, True),
    ("StringNotEquals", "${aws:username}", "bob", USER, True),
    ("StringNotEquals", "${aws:username}", "alice", USER, False),
    ("StringNotEquals", "${aws:username}", "bob", SESSION, False),
    ("StringLike", "${*}", "*", USER, True),
    ("StringLike", "${*}", "x", USER, False),
    ("ArnLike", "arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::1:user/alice", USER, True),
    ("ArnEquals", "arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::1:user/eve", USER, False),
    ("Bool", "${a:expected}", "true", USER, False),
    ("NumericEquals", "${a:limit}", "5", USER, False),
]


@pytest.mark.parametrize(
    ("operator", "policy", "request_value", "principal", "expected"),
    CONDITION_VARIABLES,
    ids=[f"{o}:{p}~{r}@{c.name}->{e}" for o, p, r, c, e in CONDITION_VARIABLES],
)
def test_variables_in_conditions(
    operator: str,
    policy: str,
    request_value: ContextValue | None,
    principal: Principal,
    expected: bool,
) -> None:
    context = {} if request_value is None else {"a:key": request_value}
    holds = condition_holds({operator: {"a:key": policy}}, context, principal=principal)
    assert holds is expected


def test_bool_takes_a_variable() -> None:
    condition = {"Bool": {"a:flag": "${a:expected}"}}
    assert condition_holds(condition, {"a:flag": "true", "a:expected": "true"})
    assert not condition_holds(condition, {"a:flag": "true", "a:expected": "false"})


def test_numeric_values_are_never_variables() -> None:
    condition = {"NumericEquals": {"a:n": "${a:limit}"}}
    assert not condition_holds(condition, {"a:n": "5", "a:limit": "5"})
