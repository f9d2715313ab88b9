"""Principal and NotPrincipal in resource-based policies.

Principals are named exactly (no partial wildcards; user names are case-sensitive); an account
ID and ``arn:aws:iam::ID:root`` mean the same; ``"*"`` and ``{"AWS": "*"}`` mean everyone.
NotPrincipal exempts a caller only when every level of it (account, role, session or user) is
listed, and a Deny with NotPrincipal denies any principal that has a permissions boundary:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _eval_helpers import (
    ACCOUNT,
    OBJECT,
    OTHER,
    OTHER_USER,
    ROLE_ARN,
    ROOT,
    S3_SERVICE,
    SESSION,
    USER,
    policy,
    statement,
)

from fourbeat.iam import Mismatch, PolicySet, Principal, Request, ServicePrincipal, evaluate

Caller = Principal | ServicePrincipal


def resource_allows(
    element: dict[str, Any], caller: Caller, *, boundary: bool = False, identity: bool = False
) -> bool:
    """Whether a bucket policy with this statement (plus the given policies) allows the caller."""
    policies = PolicySet(
        identity=(policy(statement()),) if identity else (),
        resource=policy(statement(**element)),
        boundary=policy(statement()) if boundary else None,
    )
    return evaluate(Request(caller, "s3:GetObject", OBJECT), policies).allowed


PRINCIPALS: list[tuple[str, Any, Caller, bool]] = [
    ("user ARN", {"AWS": USER.arn}, USER, True),
    ("user ARN in a list", {"AWS": [OTHER_USER.arn, USER.arn]}, USER, True),
    ("user ARN, other case", {"AWS": USER.arn.replace("alice", "Alice")}, USER, False),
    ("user ARN with a wildcard", {"AWS": f"arn:aws:iam::{ACCOUNT}:user/*"}, USER, False),
    ("user ARN names no session", {"AWS": USER.arn}, SESSION, False),
    ("session ARN", {"AWS": SESSION.arn}, SESSION, True),
    (
        "session ARN with a wildcard",
        {"AWS": f"arn:aws:sts::{ACCOUNT}:assumed-role/app/*"},
        SESSION,
        False,
    ),
    ("role ARN names its sessions", {"AWS": ROLE_ARN}, SESSION, True),
    ("role ARN names no user", {"AWS": ROLE_ARN}, USER, False),
    ("user unique id", {"AWS": USER.user_id}, USER, True),
    ("everyone", "*", USER, True),
    ("everyone as AWS *", {"AWS": "*"}, SESSION, True),
    ("everyone includes services", "*", S3_SERVICE, True),
    ("service name", {"Service": "s3.amazonaws.com"}, S3_SERVICE, True),
    ("service name, other case", {"Service": "S3.amazonaws.com"}, S3_SERVICE, True),
    ("service does not name a user", {"Service": "s3.amazonaws.com"}, USER, False),
    ("user does not name a service", {"AWS": USER.arn}, S3_SERVICE, False),
    ("federated provider names no IAM user", {"Federated": "accounts.google.com"}, USER, False),
    (
        "canonical user names no IAM user",
        {"CanonicalUser": "79a59df900b949e55d96a1e698fb"},
        USER,
        False,
    ),
]


@pytest.mark.parametrize(
    ("label", "principal", "caller", "expected"),
    PRINCIPALS,
    ids=[p[0] for p in PRINCIPALS],
)
def test_principal_names_the_caller_directly(
    label: str, principal: Any, caller: Caller, expected: bool
) -> None:
    assert resource_allows({"Principal": principal}, caller) is expected


ACCOUNTS: list[tuple[str, Any, Principal]] = [
    ("account id", {"AWS": ACCOUNT}, USER),
    ("account root ARN", {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, SESSION),
]


@pytest.mark.parametrize(("label", "principal", "caller"), ACCOUNTS, ids=[p[0] for p in ACCOUNTS])
def test_an_account_principal_delegates_to_the_identity_policies(
    label: str, principal: Any, caller: Principal
) -> None:
    assert resource_allows({"Principal": principal}, caller, identity=True)
    assert not resource_allows({"Principal": principal}, caller)


def test_another_account_named_grants_nothing_across_accounts() -> None:
    bucket = policy(statement(Principal={"AWS": OTHER}))
    identity = (policy(statement()),)
    mine = Request(USER, "s3:GetObject", OBJECT, resource_account=OTHER)
    theirs = Request(OTHER_USER, "s3:GetObject", OBJECT, resource_account=ACCOUNT)
    assert not evaluate(mine, PolicySet(identity=identity, resource=bucket)).allowed
    assert evaluate(theirs, PolicySet(identity=identity, resource=bucket)).allowed


SESSION_LEVELS = [SESSION.arn, ROLE_ARN, f"arn:aws:iam::{ACCOUNT}:root"]
NOT_PRINCIPALS: list[tuple[str, list[str], Caller, bool]] = [
    ("session, role and account listed", SESSION_LEVELS, SESSION, True),
    ("session and role listed", SESSION_LEVELS[:2], SESSION, False),
    ("session and account listed", [SESSION.arn, ACCOUNT], SESSION, False),
    ("session alone listed", SESSION_LEVELS[:1], SESSION, False),
    ("user and account listed", [USER.arn, ACCOUNT], USER, True),
    ("user alone listed", [USER.arn], USER, False),
    ("someone else listed", [OTHER_USER.arn, ACCOUNT], USER, False),
    ("root user by its account", [ACCOUNT], ROOT, True),
    ("everyone listed", ["*"], USER, True),
]


@pytest.mark.parametrize(
    ("label", "listed", "caller", "exempt"),
    NOT_PRINCIPALS,
    ids=[p[0] for p in NOT_PRINCIPALS],
)
def test_not_principal_with_deny_exempts_only_fully_listed_callers(
    label: str, listed: list[str], caller: Caller, exempt: bool
) -> None:
    deny = statement("Deny", NotPrincipal={"AWS": listed})
    bucket = policy(statement(Principal="*"), deny)
    decision = evaluate(Request(caller, "s3:GetObject", OBJECT), PolicySet(resource=bucket))
    assert decision.allowed is exempt


def test_not_principal_with_allow_grants_everyone_else() -> None:
    assert resource_allows({"NotPrincipal": {"AWS": [OTHER_USER.arn, OTHER]}}, USER)
    assert not resource_allows({"NotPrincipal": {"AWS": [USER.arn, ACCOUNT]}}, USER)
    assert not resource_allows({"NotPrincipal": {"Service": "s3.amazonaws.com"}}, S3_SERVICE)


def test_a_deny_with_not_principal_denies_every_principal_with_a_boundary() -> None:
    deny = statement("Deny", NotPrincipal={"AWS": [USER.arn, ACCOUNT]})
    bucket = policy(statement(Principal="*"), deny)
    unbounded = PolicySet(resource=bucket)
    bounded = PolicySet(resource=bucket, boundary=policy(statement()))
    request = Request(USER, "s3:GetObject", OBJECT)
    assert evaluate(request, unbounded).allowed
    assert not evaluate(request, bounded).allowed


def test_a_statement_without_principal_in_a_resource_policy_grants_nobody() -> None:
    bucket = policy(statement())
    decision = evaluate(
        Request(USER, "s3:GetObject", OBJECT), PolicySet(resource=bucket), explain=True
    )
    assert not decision.allowed
    assert decision.trace[0].mismatch == Mismatch("Principal")


def test_identity_policies_ignore_principals_of_a_resource_policy() -> None:
    """The same document as an identity policy has no Principal to check."""
    identity = policy(statement())
    decision = evaluate(
        Request(OTHER_USER, "s3:GetObject", OBJECT), PolicySet(identity=(identity,))
    )
    assert decision.allowed
