"""Policy types across accounts, role trust policies, and services as principals.

Across accounts the identity side (identity-based policies, boundary, session policies) and the
resource-based policy must both allow. A role trust policy must allow the caller itself, even
within the account; naming the account there still needs the identity policy to allow.
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
"""

from __future__ import annotations

import pytest
from _eval_helpers import (
    ACCOUNT,
    OTHER,
    OTHER_ROLE_ARN,
    OTHER_SESSION,
    OTHER_USER,
    ROOT,
    S3_SERVICE,
    USER,
)
from _policy_cases import ALLOW, DENY, ID, NOTHING, XD, B, Case, R, S, aws, case_ids, decide, grant

from fourbeat.iam import PolicyKind, PolicySet, Request, ServicePrincipal, compile_policy, evaluate

USER_ARN = USER.arn

CROSS_ACCOUNT = [
    Case(
        "both sides allow",
        OTHER_USER,
        identity=ALLOW,
        resource=grant(aws(OTHER)),
        resource_account=ACCOUNT,
        decided_by=R,
    ),
    Case(
        "both sides allow, account as root ARN",
        OTHER_USER,
        identity=ALLOW,
        resource=grant(aws(f"arn:aws:iam::{OTHER}:root")),
        resource_account=ACCOUNT,
        decided_by=R,
    ),
    Case(
        "resource names the user",
        OTHER_USER,
        identity=ALLOW,
        resource=grant(aws(OTHER_USER.arn)),
        resource_account=ACCOUNT,
        decided_by=R,
    ),
    Case(
        "resource names everyone",
        OTHER_USER,
        identity=ALLOW,
        resource=grant("*"),
        resource_account=ACCOUNT,
        decided_by=R,
    ),
    Case(
        "no resource policy",
        OTHER_USER,
        identity=ALLOW,
        resource_account=ACCOUNT,
        outcome=ID,
        decided_by=R,
    ),
    Case(
        "resource names only the owner account",
        OTHER_USER,
        identity=ALLOW,
        resource=grant(aws(ACCOUNT)),
        resource_account=ACCOUNT,
        outcome=ID,
        decided_by=R,
    ),
    Case(
        "resource grant without identity",
        OTHER_USER,
        resource=grant(aws(OTHER_USER.arn)),
        resource_account=ACCOUNT,
        outcome=ID,
    ),
    Case(
        "everyone grant without identity",
        OTHER_USER,
        resource=grant("*"),
        resource_account=ACCOUNT,
        outcome=ID,
    ),
    Case(
        "identity allows nothing relevant",
        OTHER_USER,
        identity=NOTHING,
        resource=grant(aws(OTHER)),
        resource_account=ACCOUNT,
        outcome=ID,
    ),
    Case(
        "resource deny",
        OTHER_USER,
        identity=ALLOW,
        resource=grant(aws(OTHER)) + grant("*", "Deny"),
        resource_account=ACCOUNT,
        outcome=XD,
        decided_by=R,
    ),
    Case(
        "identity deny",
        OTHER_USER,
        identity=DENY,
        resource=grant(aws(OTHER)),
        resource_account=ACCOUNT,
        outcome=XD,
    ),
    Case(
        "session: role ARN grant",
        OTHER_SESSION,
        identity=ALLOW,
        resource=grant(aws(OTHER_ROLE_ARN)),
        resource_account=ACCOUNT,
        decided_by=R,
    ),
    Case(
        "session: session ARN grant",
        OTHER_SESSION,
        identity=ALLOW,
        resource=grant(aws(OTHER_SESSION.arn)),
        resource_account=ACCOUNT,
        decided_by=R,
    ),
    Case(
        "session: boundary still limits",
        OTHER_SESSION,
        identity=ALLOW,
        boundary=NOTHING,
        resource=grant(aws(OTHER_SESSION.arn)),
        resource_account=ACCOUNT,
        outcome=ID,
        decided_by=B,
    ),
    Case(
        "session: session policy still limits",
        OTHER_SESSION,
        identity=ALLOW,
        session=NOTHING,
        resource=grant(aws(OTHER)),
        resource_account=ACCOUNT,
        outcome=ID,
        decided_by=S,
    ),
    Case(
        "a caller's own resource is same-account",
        OTHER_USER,
        identity=ALLOW,
        resource_account=OTHER,
    ),
    Case(
        "root of another account needs the resource policy",
        ROOT,
        resource_account=OTHER,
        outcome=ID,
        decided_by=R,
    ),
    Case(
        "root of another account, granted",
        ROOT,
        resource=grant(aws(ACCOUNT)),
        resource_account=OTHER,
        decided_by=R,
    ),
]

TRUST = [
    Case(
        "trust names the user, identity allows",
        USER,
        identity=ALLOW,
        resource=grant(aws(USER_ARN)),
        decided_by=R,
    ),
    Case(
        "trust names the user, no identity policy",
        USER,
        resource=grant(aws(USER_ARN)),
        decided_by=R,
    ),
    Case(
        "trust names the account, identity allows",
        USER,
        identity=ALLOW,
        resource=grant(aws(ACCOUNT)),
        decided_by=R,
    ),
    Case(
        "trust names the account, no identity policy",
        USER,
        resource=grant(aws(ACCOUNT)),
        outcome=ID,
    ),
    Case(
        "trust names someone else, identity allows",
        USER,
        identity=ALLOW,
        resource=grant(aws(OTHER_USER.arn)),
        outcome=ID,
        decided_by=R,
    ),
    Case("no trust policy, identity allows", USER, identity=ALLOW, outcome=ID, decided_by=R),
    Case(
        "trust denies",
        USER,
        identity=ALLOW,
        resource=grant(aws(ACCOUNT)) + grant("*", "Deny"),
        outcome=XD,
        decided_by=R,
    ),
    Case(
        "trust names the account, boundary allows nothing",
        USER,
        identity=ALLOW,
        resource=grant(aws(ACCOUNT)),
        boundary=NOTHING,
        outcome=ID,
        decided_by=B,
    ),
    Case(
        "cross-account trust and identity",
        OTHER_USER,
        identity=ALLOW,
        resource=grant(aws(OTHER)),
        resource_account=ACCOUNT,
        decided_by=R,
    ),
    Case(
        "cross-account trust without identity",
        OTHER_USER,
        resource=grant(aws(OTHER)),
        resource_account=ACCOUNT,
        outcome=ID,
    ),
    Case(
        "service trusted",
        ServicePrincipal("lambda.amazonaws.com"),
        resource=grant({"Service": "lambda.amazonaws.com"}),
        decided_by=R,
    ),
    Case(
        "another service trusted",
        ServicePrincipal("states.amazonaws.com"),
        resource=grant({"Service": "lambda.amazonaws.com"}),
        outcome=ID,
        decided_by=R,
    ),
    Case("root not trusted", ROOT, resource=grant(aws(OTHER)), outcome=ID, decided_by=R),
    Case("root trusted through the account", ROOT, resource=grant(aws(ACCOUNT)), decided_by=R),
]

SERVICES = [
    Case(
        "service named", S3_SERVICE, resource=grant({"Service": "s3.amazonaws.com"}), decided_by=R
    ),
    Case(
        "service named in a list",
        S3_SERVICE,
        resource=grant({"Service": ["sns.amazonaws.com", "s3.amazonaws.com"]}),
        decided_by=R,
    ),
    Case(
        "another service named",
        S3_SERVICE,
        resource=grant({"Service": "sns.amazonaws.com"}),
        outcome=ID,
        decided_by=R,
    ),
    Case("everyone includes services", S3_SERVICE, resource=grant("*"), decided_by=R),
    Case(
        "accounts do not name services",
        S3_SERVICE,
        resource=grant(aws(ACCOUNT)),
        outcome=ID,
        decided_by=R,
    ),
    Case("no resource policy", S3_SERVICE, outcome=ID, decided_by=R),
    Case(
        "service denied",
        S3_SERVICE,
        resource=grant("*") + grant({"Service": "s3.amazonaws.com"}, "Deny"),
        outcome=XD,
        decided_by=R,
    ),
]


@pytest.mark.parametrize("case", CROSS_ACCOUNT, ids=case_ids(CROSS_ACCOUNT))
def test_cross_account(case: Case) -> None:
    decision = decide(case)
    assert (decision.outcome, decision.decided_by) == (case.outcome, case.decided_by)


@pytest.mark.parametrize("case", TRUST, ids=case_ids(TRUST))
def test_role_trust_policies_must_allow_the_caller(case: Case) -> None:
    trust = Case(**{**case.__dict__, "must_allow": True, "action": "sts:AssumeRole"})
    decision = decide(trust)
    assert (decision.outcome, decision.decided_by) == (case.outcome, case.decided_by)
    assert decision.resource_required


@pytest.mark.parametrize("case", SERVICES, ids=case_ids(SERVICES))
def test_service_principals(case: Case) -> None:
    decision = decide(case)
    assert (decision.outcome, decision.decided_by) == (case.outcome, case.decided_by)


def test_a_trust_policy_validated_as_iam_does_is_evaluated_without_resources() -> None:
    role = "arn:aws:iam::111122223333:role/app"
    trust = compile_policy(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": USER_ARN},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"sts:ExternalId": "shared-secret"}},
                }
            ],
        },
        name="trust",
        kind=PolicyKind.TRUST,
    )
    policies = PolicySet(resource=trust, resource_must_allow=True)
    with_id = Request(USER, "sts:AssumeRole", role, context={"sts:ExternalId": "shared-secret"})
    assert evaluate(with_id, policies).allowed
    assert not evaluate(Request(USER, "sts:AssumeRole", role), policies).allowed
    assert not evaluate(
        Request(USER, "sts:TagSession", role, context=with_id.context), policies
    ).allowed
