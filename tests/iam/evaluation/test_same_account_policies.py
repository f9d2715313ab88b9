"""Policy types within one account, and an explicit deny anywhere winning.

Either an identity-based or a resource-based policy may allow. A resource-based policy naming
the user or the role session is not limited by an implicit deny in the identity policy, the
boundary or a session policy; one naming the role is limited by the boundary and session
policies; one naming the account delegates to the identity policies. The root user may do
anything not explicitly denied in its own account. An explicit deny in any policy wins.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _eval_helpers import (
    ACCOUNT,
    OBJECT,
    OTHER_ROLE_ARN,
    OTHER_USER,
    ROLE_ARN,
    ROOT,
    SESSION,
    USER,
    policy,
    statement,
)
from _policy_cases import (
    ALLOW,
    DENY,
    ID,
    IDN,
    NOTHING,
    XD,
    B,
    Case,
    R,
    S,
    aws,
    case_ids,
    decide,
    grant,
)

from fourbeat.iam import PolicySet, Request, evaluate

USER_ARN, SESSION_ARN = USER.arn, SESSION.arn

SAME_ACCOUNT = [
    Case("identity allows", USER, identity=ALLOW),
    Case("nothing applies", USER, identity=NOTHING, outcome=ID),
    Case("no policy at all", USER, outcome=ID),
    Case("resource names the user", USER, resource=grant(aws(USER_ARN)), decided_by=R),
    Case("resource names everyone", USER, resource=grant("*"), decided_by=R),
    Case("resource names everyone as AWS *", USER, resource=grant(aws("*")), decided_by=R),
    Case("resource names the account alone", USER, resource=grant(aws(ACCOUNT)), outcome=ID),
    Case(
        "resource names the account root alone",
        USER,
        resource=grant(aws(f"arn:aws:iam::{ACCOUNT}:root")),
        outcome=ID,
    ),
    Case("account grant with identity allow", USER, identity=ALLOW, resource=grant(aws(ACCOUNT))),
    Case("resource names someone else", USER, resource=grant(aws(OTHER_USER.arn)), outcome=ID),
    Case(
        "resource names the user's unique id", USER, resource=grant(aws(USER.user_id)), decided_by=R
    ),
    Case(
        "identity deny beats resource allow",
        USER,
        identity=DENY,
        resource=grant(aws(USER_ARN)),
        outcome=XD,
    ),
    Case(
        "resource deny beats identity allow",
        USER,
        identity=ALLOW,
        resource=grant("*", "Deny"),
        outcome=XD,
        decided_by=R,
    ),
    Case("identity deny beats identity allow", USER, identity=ALLOW + DENY, outcome=XD),
    Case("boundary allows too", USER, identity=ALLOW, boundary=ALLOW),
    Case(
        "boundary allows nothing", USER, identity=ALLOW, boundary=NOTHING, outcome=ID, decided_by=B
    ),
    Case("boundary alone grants nothing", USER, boundary=ALLOW, outcome=ID),
    Case("boundary denies", USER, identity=ALLOW, boundary=ALLOW + DENY, outcome=XD, decided_by=B),
    Case(
        "user ARN grant escapes the boundary",
        USER,
        resource=grant(aws(USER_ARN)),
        boundary=NOTHING,
        decided_by=R,
    ),
    Case(
        "account grant is bound by the boundary",
        USER,
        identity=ALLOW,
        resource=grant(aws(ACCOUNT)),
        boundary=NOTHING,
        outcome=ID,
        decided_by=B,
    ),
    Case(
        "boundary deny beats a user ARN grant",
        USER,
        resource=grant(aws(USER_ARN)),
        boundary=DENY,
        outcome=XD,
        decided_by=B,
    ),
    Case("session policies do not apply to users", USER, identity=ALLOW, session=NOTHING),
    Case("role session: identity allows", SESSION, identity=ALLOW),
    Case("role session: session policy allows too", SESSION, identity=ALLOW, session=ALLOW),
    Case(
        "role session: session policy allows nothing",
        SESSION,
        identity=ALLOW,
        session=NOTHING,
        outcome=ID,
        decided_by=S,
    ),
    Case("role session: session policy alone grants nothing", SESSION, session=ALLOW, outcome=ID),
    Case(
        "role session: session policy denies",
        SESSION,
        identity=ALLOW,
        session=DENY,
        outcome=XD,
        decided_by=S,
    ),
    Case(
        "role session: boundary allows nothing",
        SESSION,
        identity=ALLOW,
        boundary=NOTHING,
        outcome=ID,
        decided_by=B,
    ),
    Case(
        "role session: boundary checked before session policy",
        SESSION,
        identity=ALLOW,
        boundary=NOTHING,
        session=NOTHING,
        outcome=ID,
        decided_by=B,
    ),
    Case("session ARN grant", SESSION, resource=grant(aws(SESSION_ARN)), decided_by=R),
    Case(
        "session ARN grant escapes boundary",
        SESSION,
        resource=grant(aws(SESSION_ARN)),
        boundary=NOTHING,
        decided_by=R,
    ),
    Case(
        "session ARN grant escapes session policy",
        SESSION,
        resource=grant(aws(SESSION_ARN)),
        session=NOTHING,
        decided_by=R,
    ),
    Case(
        "everyone grant escapes session policy",
        SESSION,
        resource=grant("*"),
        session=NOTHING,
        decided_by=R,
    ),
    Case("role ARN grant", SESSION, resource=grant(aws(ROLE_ARN)), decided_by=R),
    Case("role unique id grant", SESSION, resource=grant(aws("AROAAPP000000000000")), decided_by=R),
    Case(
        "role ARN grant is bound by the boundary",
        SESSION,
        resource=grant(aws(ROLE_ARN)),
        boundary=NOTHING,
        outcome=ID,
        decided_by=B,
    ),
    Case(
        "role ARN grant within the boundary",
        SESSION,
        resource=grant(aws(ROLE_ARN)),
        boundary=ALLOW,
        decided_by=R,
    ),
    Case(
        "role ARN grant is bound by the session policy",
        SESSION,
        resource=grant(aws(ROLE_ARN)),
        session=NOTHING,
        outcome=ID,
        decided_by=S,
    ),
    Case(
        "role ARN grant within the session policy",
        SESSION,
        resource=grant(aws(ROLE_ARN)),
        session=ALLOW,
        decided_by=R,
    ),
    Case(
        "role session: account grant needs identity",
        SESSION,
        resource=grant(aws(ACCOUNT)),
        outcome=ID,
    ),
    Case(
        "another role's ARN does not name this session",
        SESSION,
        resource=grant(aws(OTHER_ROLE_ARN)),
        outcome=ID,
    ),
    Case("root needs no policy", ROOT, decided_by=None),
    Case("root is denied explicitly", ROOT, resource=grant("*", "Deny"), outcome=XD, decided_by=R),
    Case(
        "explicit resource account same as caller", USER, identity=ALLOW, resource_account=ACCOUNT
    ),
]


@pytest.mark.parametrize("case", SAME_ACCOUNT, ids=case_ids(SAME_ACCOUNT))
def test_same_account(case: Case) -> None:
    decision = decide(case)
    assert (decision.outcome, decision.decided_by) == (case.outcome, case.decided_by)


PLACES = ("identity", "resource", "boundary", "session")


@pytest.mark.parametrize("deny_in", PLACES)
@pytest.mark.parametrize("allow_in", ("identity", "resource"))
def test_an_explicit_deny_anywhere_wins(deny_in: str, allow_in: str) -> None:
    """Every policy type is searched for a Deny before any Allow counts."""
    lists: dict[str, list[dict[str, Any]]] = {"boundary": ALLOW, "session": ALLOW}
    lists[allow_in] = grant("*") if allow_in == "resource" else ALLOW
    denial = grant("*", "Deny") if deny_in == "resource" else DENY
    lists[deny_in] = lists.get(deny_in, []) + denial
    decision = decide(Case("deny", SESSION, **lists))  # type: ignore[arg-type]
    assert decision.outcome is XD
    assert (
        decision.decided_by
        is {"identity": IDN, "resource": R, "boundary": B, "session": S}[deny_in]
    )


def test_several_identity_policies_are_searched_together() -> None:
    first = policy(statement(action="sqs:*"), name="first")
    second = policy(statement(action="s3:Get*"), name="second")
    decision = evaluate(Request(USER, "s3:GetObject", OBJECT), PolicySet(identity=(first, second)))
    assert decision.allowed
    assert [ref.policy for ref in decision.matched] == ["second"]
    denied = evaluate(
        Request(USER, "s3:GetObject", OBJECT),
        PolicySet(identity=(first, second, policy(*DENY, name="third"))),
    )
    assert denied.outcome is XD
