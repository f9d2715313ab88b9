"""The wording of access denials, as AWS words them.

``User: ARN is not authorized to perform: ACTION on resource: ARN`` followed by ``with an
explicit deny in a TYPE`` or ``because no TYPE allows the ACTION action``:
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _eval_helpers import OBJECT, SESSION, USER, policy, statement

from fourbeat.iam import PolicySet, Principal, Request, denial_message, evaluate

SESSION_HEAD = (
    "User: arn:aws:sts::111122223333:assumed-role/app/worker is not authorized to perform: "
    "s3:GetObject on resource: arn:aws:s3:::bucket/key.txt"
)
ALLOW = policy(statement())
NONE = policy(statement(action="sqs:*"))
DENY = policy(statement("Deny"))
BUCKET_DENY = policy(statement("Deny", Principal="*"))

MESSAGES: list[tuple[str, dict[str, Any], str]] = [
    (
        "no identity policy",
        {"identity": (NONE,)},
        " because no identity-based policy allows the s3:GetObject action",
    ),
    (
        "identity deny",
        {"identity": (ALLOW, DENY)},
        " with an explicit deny in an identity-based policy",
    ),
    (
        "resource deny",
        {"identity": (ALLOW,), "resource": BUCKET_DENY},
        " with an explicit deny in a resource-based policy",
    ),
    (
        "boundary implicit",
        {"identity": (ALLOW,), "boundary": NONE},
        " because no permissions boundary allows the s3:GetObject action",
    ),
    (
        "boundary deny",
        {"identity": (ALLOW,), "boundary": DENY},
        " with an explicit deny in a permissions boundary",
    ),
    (
        "session implicit",
        {"identity": (ALLOW,), "session": (NONE,)},
        " because no session policy allows the s3:GetObject action",
    ),
    (
        "session deny",
        {"identity": (ALLOW,), "session": (DENY,)},
        " with an explicit deny in a session policy",
    ),
]


@pytest.mark.parametrize(("label", "policies", "reason"), MESSAGES, ids=[m[0] for m in MESSAGES])
def test_denials_name_the_policy_type(label: str, policies: dict[str, Any], reason: str) -> None:
    request = Request(SESSION, "s3:GetObject", OBJECT)
    decision = evaluate(request, PolicySet(**policies))
    assert denial_message(request, decision) == SESSION_HEAD + reason


def test_the_brief_example_word_for_word() -> None:
    caller = Principal(
        "arn:aws:sts::123456789012:assumed-role/R/S",
        "123456789012",
        "AROAR:S",
        role_arn="arn:aws:iam::123456789012:role/R",
    )
    request = Request(caller, "s3:GetObject", "arn:aws:s3:::b/k")
    decision = evaluate(request, PolicySet())
    assert denial_message(request, decision) == (
        "User: arn:aws:sts::123456789012:assumed-role/R/S is not authorized to perform: "
        "s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy allows "
        "the s3:GetObject action"
    )


def test_cross_account_without_a_resource_policy_names_it() -> None:
    request = Request(USER, "s3:GetObject", OBJECT, resource_account="444455556666")
    decision = evaluate(request, PolicySet(identity=(ALLOW,)))
    assert denial_message(request, decision).endswith(
        " because no resource-based policy allows the s3:GetObject action"
    )


def test_an_action_on_no_resource_leaves_out_on_resource() -> None:
    request = Request(USER, "textract:AnalyzeDocument")
    decision = evaluate(request, PolicySet())
    assert denial_message(request, decision) == (
        "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: "
        "textract:AnalyzeDocument because no identity-based policy allows the "
        "textract:AnalyzeDocument action"
    )


def test_the_action_is_worded_as_the_service_asked() -> None:
    request = Request(USER, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q")
    message = denial_message(request, evaluate(request, PolicySet()))
    assert "perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:111122223333:q " in message
    assert message.endswith("allows the sqs:SendMessage action")


def test_a_trust_policy_that_does_not_trust_the_caller_gives_no_reason() -> None:
    role = "arn:aws:iam::111122223333:role/deploy"
    request = Request(USER, "sts:AssumeRole", role)
    trust = policy(statement(Principal={"Service": "lambda.amazonaws.com"}))
    decision = evaluate(
        request, PolicySet(identity=(ALLOW,), resource=trust, resource_must_allow=True)
    )
    assert denial_message(request, decision) == (
        "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: "
        f"sts:AssumeRole on resource: {role}"
    )


def test_a_trust_policy_deny_is_an_explicit_deny_in_a_resource_based_policy() -> None:
    request = Request(USER, "sts:AssumeRole", "arn:aws:iam::111122223333:role/deploy")
    decision = evaluate(
        request, PolicySet(identity=(ALLOW,), resource=BUCKET_DENY, resource_must_allow=True)
    )
    assert denial_message(request, decision).endswith(
        " with an explicit deny in a resource-based policy"
    )


def test_an_allowed_request_has_no_denial() -> None:
    request = Request(USER, "s3:GetObject", OBJECT)
    with pytest.raises(ValueError, match="allowed"):
        denial_message(request, evaluate(request, PolicySet(identity=(ALLOW,))))
