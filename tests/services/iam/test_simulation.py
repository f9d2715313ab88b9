"""The policy simulator: SimulateCustomPolicy and SimulatePrincipalPolicy decide as every call
is decided, and say which statement matched and where.
https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from _iam_support import ACCOUNT, error_of
from botocore.exceptions import ClientError

from fourbeat.testing import assert_output_shape

READ_REPORTS = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"},
            {
                "Effect": "Deny",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::reports/secret/*",
            },
        ],
    },
    indent=2,
)


def test_simulate_custom_policy_decides_each_action_and_resource(iam: Any) -> None:
    result = iam.simulate_custom_policy(
        PolicyInputList=[READ_REPORTS],
        ActionNames=["s3:GetObject", "s3:PutObject"],
        ResourceArns=["arn:aws:s3:::reports/q1.csv", "arn:aws:s3:::reports/secret/pay.csv"],
    )
    assert_output_shape("iam", "SimulateCustomPolicy", result)
    decisions = {
        (r["EvalActionName"], r["EvalResourceName"].rsplit("/", 1)[-1]): r["EvalDecision"]
        for r in result["EvaluationResults"]
    }
    assert decisions == {
        ("s3:GetObject", "q1.csv"): "allowed",
        ("s3:GetObject", "pay.csv"): "explicitDeny",
        ("s3:PutObject", "q1.csv"): "implicitDeny",
        ("s3:PutObject", "pay.csv"): "implicitDeny",
    }


def test_a_matched_statement_names_its_policy_and_position(iam: Any) -> None:
    result = iam.simulate_custom_policy(
        PolicyInputList=[READ_REPORTS],
        ActionNames=["s3:GetObject"],
        ResourceArns=["arn:aws:s3:::reports/secret/pay.csv"],
    )
    (evaluation,) = result["EvaluationResults"]
    statements = {s["StartPosition"]["Line"]: s for s in evaluation["MatchedStatements"]}
    assert sorted(statements) == [4, 9]  # both statements apply; the Deny decides
    assert {s["SourcePolicyId"] for s in statements.values()} == {"PolicyInputList.1"}
    assert statements[9]["EndPosition"]["Line"] == 13


def test_missing_context_keys_are_reported(iam: Any) -> None:
    conditional = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "s3:GetObject",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalTag/team": "finance"}},
                }
            ],
        }
    )
    result = iam.simulate_custom_policy(PolicyInputList=[conditional], ActionNames=["s3:GetObject"])
    (evaluation,) = result["EvaluationResults"]
    assert evaluation["EvalDecision"] == "implicitDeny"
    assert evaluation["MissingContextValues"] == ["aws:PrincipalTag/team"]
    tagged = iam.simulate_custom_policy(
        PolicyInputList=[conditional],
        ActionNames=["s3:GetObject"],
        ContextEntries=[
            {
                "ContextKeyName": "aws:PrincipalTag/team",
                "ContextKeyValues": ["finance"],
                "ContextKeyType": "string",
            }
        ],
    )
    assert tagged["EvaluationResults"][0]["EvalDecision"] == "allowed"


def test_simulate_principal_policy_uses_the_roles_own_policies(iam: Any) -> None:
    iam.create_role(
        RoleName="reader",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    iam.put_role_policy(RoleName="reader", PolicyName="reports", PolicyDocument=READ_REPORTS)
    result = iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:role/reader",
        ActionNames=["s3:GetObject"],
        ResourceArns=["arn:aws:s3:::reports/q1.csv"],
    )
    assert_output_shape("iam", "SimulatePrincipalPolicy", result)
    (evaluation,) = result["EvaluationResults"]
    assert evaluation["EvalDecision"] == "allowed"
    assert evaluation["MatchedStatements"][0]["SourcePolicyId"] == "reports"
    assert evaluation["MatchedStatements"][0]["SourcePolicyType"] == "role"
    with pytest.raises(ClientError) as caught:
        iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:role/nobody", ActionNames=["s3:GetObject"]
        )
    assert error_of(caught)[0] == "NoSuchEntity"
