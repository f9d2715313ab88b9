"""What a decision reports: matched statements, missing keys, and the explained trace.

The trace is what ``fourbeat iam explain`` prints: every statement considered, in policy order,
and the element that made it not match (for a condition, its operator and key). Explaining
never changes the decision:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _eval_helpers import OBJECT, SESSION, USER, policy, statement

from fourbeat.iam import (
    Mismatch,
    PolicySet,
    PolicyType,
    Request,
    StatementRef,
    evaluate,
)

MISMATCHES: list[tuple[str, dict[str, Any], Mismatch | None]] = [
    ("applies", statement(), None),
    ("action", statement(action="sqs:*"), Mismatch("Action")),
    ("not action", statement(NotAction="s3:Get*"), Mismatch("NotAction")),
    ("resource", statement(resource="arn:aws:s3:::other/*"), Mismatch("Resource")),
    ("not resource", statement(NotResource="arn:aws:s3:::bucket/*"), Mismatch("NotResource")),
    (
        "condition",
        statement(Condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}),
        Mismatch("Condition", "StringEquals", "aws:RequestedRegion"),
    ),
    (
        "first false condition",
        statement(
            Condition={
                "StringLike": {"s3:prefix": "home/*"},
                "ForAnyValue:StringEquals": {"aws:TagKeys": "team"},
            }
        ),
        Mismatch("Condition", "ForAnyValue:StringEquals", "aws:TagKeys"),
    ),
]


@pytest.mark.parametrize(
    ("label", "written", "mismatch"), MISMATCHES, ids=[m[0] for m in MISMATCHES]
)
def test_the_trace_names_the_element_that_did_not_match(
    label: str, written: dict[str, Any], mismatch: Mismatch | None
) -> None:
    request = Request(USER, "s3:GetObject", OBJECT, context={"s3:prefix": "home/x"})
    decision = evaluate(request, PolicySet(identity=(policy(written),)), explain=True)
    assert [t.mismatch for t in decision.trace] == [mismatch]
    assert decision.trace[0].matched is (mismatch is None)


def test_principal_mismatches_are_traced() -> None:
    bucket = policy(
        statement(Principal={"AWS": "arn:aws:iam::111122223333:user/bob"}),
        statement("Deny", NotPrincipal={"AWS": [USER.arn, "111122223333"]}),
    )
    request = Request(USER, "s3:GetObject", OBJECT)
    decision = evaluate(request, PolicySet(resource=bucket), explain=True)
    assert [t.mismatch for t in decision.trace] == [Mismatch("Principal"), Mismatch("NotPrincipal")]


def test_every_statement_of_every_policy_is_traced_in_order() -> None:
    identity = policy(statement(action="sqs:*", Sid="Queues"), statement(), name="role-policy")
    boundary = policy(statement(action="s3:*"), name="boundary")
    session = policy(statement("Deny", action="s3:Put*"), name="session")
    bucket = policy(statement(Principal="*", Sid="Public"), name="bucket")
    request = Request(SESSION, "s3:GetObject", OBJECT)
    policies = PolicySet(
        identity=(identity,), resource=bucket, boundary=boundary, session=(session,)
    )
    decision = evaluate(request, policies, explain=True)
    assert [
        (t.statement.policy_type, t.statement.policy, t.statement.index) for t in decision.trace
    ] == [
        (PolicyType.IDENTITY, "role-policy", 0),
        (PolicyType.IDENTITY, "role-policy", 1),
        (PolicyType.RESOURCE, "bucket", 0),
        (PolicyType.BOUNDARY, "boundary", 0),
        (PolicyType.SESSION, "session", 0),
    ]
    assert [t.effect for t in decision.trace] == ["Allow", "Allow", "Allow", "Allow", "Deny"]
    assert decision.trace[0].statement.sid == "Queues"
    assert decision.matched == (
        StatementRef(PolicyType.IDENTITY, "role-policy", 1, None),
        StatementRef(PolicyType.RESOURCE, "bucket", 0, "Public"),
        StatementRef(PolicyType.BOUNDARY, "boundary", 0, None),
    )


def test_a_decision_without_explain_has_no_trace() -> None:
    decision = evaluate(
        Request(USER, "s3:GetObject", OBJECT), PolicySet(identity=(policy(statement()),))
    )
    assert decision.allowed
    assert decision.trace == ()


def test_missing_keys_are_those_of_statements_that_otherwise_apply() -> None:
    written = policy(
        statement(Condition={"StringEquals": {"aws:RequestedRegion": "us-east-1"}}),
        statement(Condition={"Bool": {"AWS:SecureTransport": "true"}}),
        statement(action="sqs:*", Condition={"StringEquals": {"sqs:QueueTag": "x"}}),
        statement(Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
    )
    request = Request(USER, "s3:GetObject", OBJECT, context={"aws:SourceIp": "192.0.2.1"})
    decision = evaluate(request, PolicySet(identity=(written,)))
    assert not decision.allowed
    assert decision.missing_keys == ("aws:RequestedRegion", "AWS:SecureTransport")


def test_keys_the_principal_supplies_are_not_missing() -> None:
    written = policy(statement(Condition={"StringEquals": {"aws:PrincipalTag/team": "red"}}))
    decision = evaluate(Request(USER, "s3:GetObject", OBJECT), PolicySet(identity=(written,)))
    assert not decision.allowed
    assert decision.missing_keys == ()


SAMPLE = policy(
    statement(action="s3:Get*", resource="arn:aws:s3:::bucket/*"),
    statement("Deny", action="s3:GetObject", resource="arn:aws:s3:::bucket/secret/*"),
    statement(action="sqs:*", Condition={"StringEquals": {"aws:RequestedRegion": "us-east-1"}}),
    statement(NotAction=["iam:*", "s3:*"]),
    statement(action="*:Describe*"),
)
REQUESTS = [
    ("s3:GetObject", OBJECT),
    ("s3:GetObject", "arn:aws:s3:::bucket/secret/x"),
    ("s3:PutObject", OBJECT),
    ("sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q"),
    ("iam:ListUsers", "*"),
    ("ec2:DescribeInstances", "*"),
    ("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:f"),
]


@pytest.mark.parametrize(("action", "resource"), REQUESTS, ids=[f"{a} {r}" for a, r in REQUESTS])
def test_explaining_never_changes_the_decision(action: str, resource: str) -> None:
    request = Request(USER, action, resource, context={"aws:RequestedRegion": "us-east-1"})
    policies = PolicySet(identity=(SAMPLE,))
    fast, explained = evaluate(request, policies), evaluate(request, policies, explain=True)
    assert (fast.outcome, fast.decided_by, fast.matched, fast.missing_keys) == (
        explained.outcome,
        explained.decided_by,
        explained.matched,
        explained.missing_keys,
    )
    assert len(explained.trace) == len(SAMPLE.statements)
