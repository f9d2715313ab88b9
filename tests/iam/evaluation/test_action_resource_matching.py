"""Action, NotAction, Resource and NotResource: wildcards and case, as IAM matches them.

Actions are case-insensitive; ``*`` and ``?`` are the only wildcards, anything else is literal:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
ARNs are case-sensitive and match segment by segment; a ``*`` ending a segment may expand past
colons in the Resource element:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
"""

from __future__ import annotations

import pytest
from _eval_helpers import OBJECT, allows, statement

ACTIONS = [
    ("s3:GetObject", "s3:GetObject", True),
    ("s3:getobject", "s3:GetObject", True),
    ("S3:GETOBJECT", "s3:GetObject", True),
    ("s3:GetObject", "s3:getobject", True),
    ("s3:Get*", "s3:GetObject", True),
    ("s3:get*", "s3:GetObjectAcl", True),
    ("s3:*", "s3:PutObject", True),
    ("*", "sqs:SendMessage", True),
    ("s3:*Object", "s3:DeleteObject", True),
    ("s3:*Object", "s3:DeleteObjects", False),
    ("s3:Get*Acl", "s3:GetObjectAcl", True),
    ("s3:Get*Acl", "s3:GetObject", False),
    ("s3:GetObjec?", "s3:GetObject", True),
    ("s3:GetObjec?", "s3:GetObjects", False),
    ("s3:???Object", "s3:PutObject", True),
    ("s3:???Object", "s3:GetObjectX", False),
    ("s3:GetObject", "s3:GetObjectAcl", False),
    ("s3:GetObject", "s3:Get", False),
    ("s3:GetObject", "sqs:GetObject", False),
    ("s3:Put*", "s3:GetObject", False),
    ("sqs:*", "s3:GetObject", False),
    ("*:GetObject", "s3:GetObject", True),
    ("*:GetObject", "s3:PutObject", False),
    ("s?:GetObject", "s3:GetObject", True),
    ("s3:Get.*", "s3:GetObject", False),
    ("s3:Get.bject", "s3:GetObject", False),
    ("s3:Get[O]bject", "s3:GetObject", False),
    ("s3:Get(Object)", "s3:GetObject", False),
    ("s3:Get+", "s3:Gett", False),
    ("s3:**", "s3:GetObject", True),
    ("s3:*", "s3:", True),
]


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    ACTIONS,
    ids=[f"{p}~{a}->{e}" for p, a, e in ACTIONS],
)
def test_action_patterns(pattern: str, action: str, expected: bool) -> None:
    assert allows(statement(action=pattern), action=action) is expected


def test_any_action_of_a_list_matches() -> None:
    listed = statement(action=["sqs:SendMessage", "s3:Get*"])
    assert allows(listed, action="s3:GetObject")
    assert allows(listed, action="sqs:sendmessage")
    assert not allows(listed, action="s3:PutObject")


NOT_ACTIONS = [
    ("s3:PutObject", "s3:GetObject", True),
    ("s3:GetObject", "s3:GetObject", False),
    ("s3:getobject", "s3:GetObject", False),
    ("s3:Get*", "s3:GetObjectAcl", False),
    ("s3:*", "sqs:SendMessage", True),
    ("iam:*", "s3:GetObject", True),
    ("*", "s3:GetObject", False),
]


@pytest.mark.parametrize(
    ("pattern", "action", "expected"),
    NOT_ACTIONS,
    ids=[f"NotAction:{p}~{a}->{e}" for p, a, e in NOT_ACTIONS],
)
def test_not_action_applies_to_every_other_action(
    pattern: str, action: str, expected: bool
) -> None:
    assert allows(statement(NotAction=pattern), action=action) is expected


def test_not_action_deny_leaves_listed_actions_to_other_statements() -> None:
    deny_all_but_iam = statement("Deny", NotAction="iam:*")
    assert allows([statement(), deny_all_but_iam], action="iam:ListUsers", resource="*")
    assert not allows([statement(), deny_all_but_iam], action="s3:GetObject")


RESOURCES = [
    ("*", "arn:aws:s3:::bucket/key", True),
    ("*", "*", True),
    ("arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/key", True),
    ("arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/Key", False),
    ("arn:aws:s3:::Bucket/key", "arn:aws:s3:::bucket/key", False),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", False),
    ("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs", True),
    ("arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/2/test/3/x.jpg", True),
    ("arn:aws:s3:::bucket/*/test/*", "arn:aws:s3:::bucket/1/tests/x.jpg", False),
    ("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/a", True),
    ("arn:aws:s3:::bucket/?", "arn:aws:s3:::bucket/ab", False),
    ("arn:aws:s3:::bucket/k.y", "arn:aws:s3:::bucket/kxy", False),
    ("arn:aws:s3:::bucket/k[e]y", "arn:aws:s3:::bucket/key", False),
    ("arn:aws:s3:::bucket/k[e]y", "arn:aws:s3:::bucket/k[e]y", True),
    ("arn:aws:sqs:*:111122223333:queue", "arn:aws:sqs:us-east-1:111122223333:queue", True),
    ("arn:aws:sqs:*:111122223333:queue", "arn:aws:sqs:eu-west-1:111122223333:queue", True),
    ("arn:aws:sqs:us-east-1:*:queue", "arn:aws:sqs:us-east-1:999999999999:queue", True),
    ("arn:aws:sqs:us-east-?:*:q", "arn:aws:sqs:us-east-2:1:q", True),
    ("arn:aws:sqs:us-east-?:*:q", "arn:aws:sqs:us-east-12:1:q", False),
    ("arn:aws:sqs:us-*-1:*:q", "arn:aws:sqs:us-east-1:1:q", True),
    ("arn:aws:sqs:us-*-1:*:q", "arn:aws:sqs:us-east:x-1:1:q", False),
    ("arn:aws:s3:*", "arn:aws:s3:::bucket/key", True),
    ("arn:aws:*", "arn:aws:sqs:us-east-1:1:q", True),
    ("arn:aws:*:*:*:*", "arn:aws:sqs:us-east-1:1:q", True),
    ("arn:aws:s*:*:*:*", "arn:aws:sqs:us-east-1:1:q", True),
    ("arn:aws:s*:*:*:*", "arn:aws:lambda:us-east-1:1:function:f", False),
    ("arn:aws:sqs:*", "arn:aws:sns:us-east-1:1:t", False),
    (
        "arn:aws:logs:*:*:log-group:/aws/lambda/*",
        "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:log-stream:s",
        True,
    ),
    (
        "arn:aws:logs:*:*:log-group:/aws/lambda/f:*",
        "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/f:log-stream:s",
        True,
    ),
    (
        "arn:aws:logs:*:*:log-group:/aws/lambda/f:*",
        "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/g:log-stream:s",
        False,
    ),
    (
        "arn:aws:lambda:us-east-1:111122223333:function:f",
        "arn:aws:lambda:us-east-1:111122223333:function:f:1",
        False,
    ),
    (
        "arn:aws:lambda:us-east-1:111122223333:function:f*",
        "arn:aws:lambda:us-east-1:111122223333:function:f:1",
        True,
    ),
    ("arn:aws:iam::*:role/app", "arn:aws:iam::111122223333:role/app", True),
    ("arn:aws:iam::*:role/app", "arn:aws:iam::111122223333:role/App", False),
    ("arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:user/a/b", True),
]


@pytest.mark.parametrize(
    ("pattern", "resource", "expected"),
    RESOURCES,
    ids=[f"{p}~{r}->{e}" for p, r, e in RESOURCES],
)
def test_resource_patterns(pattern: str, resource: str, expected: bool) -> None:
    assert allows(statement(resource=pattern), resource=resource) is expected


def test_any_resource_of_a_list_matches() -> None:
    listed = statement(resource=["arn:aws:s3:::other", "arn:aws:s3:::bucket/*"])
    assert allows(listed, resource=OBJECT)
    assert not allows(listed, resource="arn:aws:s3:::third/key")


NOT_RESOURCES = [
    ("arn:aws:s3:::bucket/secret/*", "arn:aws:s3:::bucket/key", True),
    ("arn:aws:s3:::bucket/secret/*", "arn:aws:s3:::bucket/secret/key", False),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", True),
    ("*", "arn:aws:s3:::bucket/key", False),
    ("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/key", True),
]


@pytest.mark.parametrize(
    ("pattern", "resource", "expected"),
    NOT_RESOURCES,
    ids=[f"NotResource:{p}~{r}->{e}" for p, r, e in NOT_RESOURCES],
)
def test_not_resource_applies_to_every_other_resource(
    pattern: str, resource: str, expected: bool
) -> None:
    assert allows(statement(NotResource=pattern), resource=resource) is expected


def test_not_action_with_not_resource_needs_both_to_leave_the_request_out() -> None:
    both = statement(NotAction="s3:Delete*", NotResource="arn:aws:s3:::bucket/keep/*")
    assert allows(both, action="s3:GetObject", resource=OBJECT)
    assert not allows(both, action="s3:DeleteObject", resource=OBJECT)
    assert not allows(both, action="s3:GetObject", resource="arn:aws:s3:::bucket/keep/x")


def test_a_statement_needs_both_its_action_and_its_resource() -> None:
    narrow = statement(action="s3:GetObject", resource="arn:aws:s3:::bucket/*")
    assert allows(narrow)
    assert not allows(narrow, action="s3:PutObject")
    assert not allows(narrow, resource="arn:aws:s3:::elsewhere/key")


def test_nothing_allowed_is_denied() -> None:
    assert not allows(statement("Deny"))
