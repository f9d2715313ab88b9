"""The global condition keys AWS derives from the principal, and the request's own keys.

``aws:PrincipalArn`` is the role's ARN for a role session, ``aws:username`` exists only for IAM
users, ``aws:userid`` is the account ID for the root user, ``aws:PrincipalType`` is Account,
User or AssumedRole; a key the request itself gives wins:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _eval_helpers import (
    ACCOUNT,
    OBJECT,
    ROLE_ARN,
    ROOT,
    S3_SERVICE,
    SESSION,
    USER,
    allows,
    condition_holds,
    policy,
    statement,
)

from fourbeat.iam import PolicySet, Principal, Request, evaluate

DERIVED: list[tuple[str, Principal, str, str | None]] = [
    ("user arn", USER, "aws:PrincipalArn", USER.arn),
    ("session arn is the role", SESSION, "aws:PrincipalArn", ROLE_ARN),
    ("root arn", ROOT, "aws:PrincipalArn", ROOT.arn),
    ("user account", USER, "aws:PrincipalAccount", ACCOUNT),
    ("session account", SESSION, "aws:PrincipalAccount", ACCOUNT),
    ("user type", USER, "aws:PrincipalType", "User"),
    ("session type", SESSION, "aws:PrincipalType", "AssumedRole"),
    ("root type", ROOT, "aws:PrincipalType", "Account"),
    ("user name", USER, "aws:username", "alice"),
    ("no user name for a session", SESSION, "aws:username", None),
    ("no user name for root", ROOT, "aws:username", None),
    ("user id", USER, "aws:userid", USER.user_id),
    ("session id", SESSION, "aws:userid", SESSION.user_id),
    ("root id is the account", ROOT, "aws:userid", ACCOUNT),
    ("user tag", USER, "aws:PrincipalTag/team", "blue"),
    ("session tag", SESSION, "aws:PrincipalTag/team", "red"),
    ("tag key in any case", USER, "aws:principaltag/COSTCENTER", "42"),
    ("no such tag", USER, "aws:PrincipalTag/absent", None),
    ("source identity", SESSION, "aws:SourceIdentity", "alice"),
    ("no source identity", USER, "aws:SourceIdentity", None),
    ("not a service", USER, "aws:PrincipalIsAWSService", "false"),
]


@pytest.mark.parametrize(
    ("label", "principal", "key", "value"), DERIVED, ids=[d[0] for d in DERIVED]
)
def test_keys_derived_from_the_principal(
    label: str, principal: Principal, key: str, value: str | None
) -> None:
    assert denied_when({"Null": {key: "false"}}, principal) is (value is not None)
    if value is not None:
        assert denied_when({"StringEquals": {key: value}}, principal)


def denied_when(condition: dict[str, Any], principal: Principal) -> bool:
    """Whether a Deny with this condition applies (the root user is allowed all else)."""
    return not allows([statement(), statement("Deny", Condition=condition)], principal=principal)


def test_the_request_context_wins_over_a_derived_key() -> None:
    condition = {"StringEquals": {"aws:PrincipalTag/team": "green"}}
    assert not condition_holds(condition)
    assert condition_holds(condition, {"aws:PrincipalTag/team": "green"})


def test_a_service_principal_has_its_own_keys() -> None:
    bucket = policy(
        statement(
            Principal="*",
            Condition={
                "Bool": {"aws:PrincipalIsAWSService": "true"},
                "StringEquals": {"aws:PrincipalServiceName": "s3.amazonaws.com"},
            },
        )
    )
    assert evaluate(Request(S3_SERVICE, "sqs:SendMessage"), PolicySet(resource=bucket)).allowed
    assert not evaluate(Request(USER, "s3:GetObject", OBJECT), PolicySet(resource=bucket)).allowed
