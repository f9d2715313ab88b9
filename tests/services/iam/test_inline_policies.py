"""Inline policies on users and roles: round trip, validation with IAM's messages, size quotas."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _iam_support import TRUST, allow, error_of

from fourbeat.testing import assert_output_shape

GRANT = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}


def test_role_policy_round_trips_as_a_dict(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    text = json.dumps(GRANT, indent=2)
    assert_output_shape(
        "iam",
        "PutRolePolicy",
        iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=text),
    )
    got = iam.get_role_policy(RoleName="r", PolicyName="p")
    assert_output_shape("iam", "GetRolePolicy", got)
    # URL-encoded JSON on the wire; botocore's json_decode_policies hands back the dict.
    assert got["PolicyDocument"] == GRANT
    assert (got["RoleName"], got["PolicyName"]) == ("r", "p")


def test_put_replaces_a_policy_of_the_same_name(iam: Any) -> None:
    iam.create_user(UserName="u")
    iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=allow("s3:GetObject"))
    iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=allow("s3:PutObject"))
    got = iam.get_user_policy(UserName="u", PolicyName="p")
    assert_output_shape("iam", "GetUserPolicy", got)
    assert got["PolicyDocument"]["Statement"][0]["Action"] == "s3:PutObject"
    listed = iam.list_user_policies(UserName="u")
    assert_output_shape("iam", "ListUserPolicies", listed)
    assert listed["PolicyNames"] == ["p"]


def test_list_role_policies_pages(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    for name in ("c", "a", "b"):
        iam.put_role_policy(RoleName="r", PolicyName=name, PolicyDocument=allow())
    first = iam.list_role_policies(RoleName="r", MaxItems=2)
    assert_output_shape("iam", "ListRolePolicies", first)
    assert (first["PolicyNames"], first["IsTruncated"]) == (["a", "b"], True)
    rest = iam.list_role_policies(RoleName="r", Marker=first["Marker"])
    assert (rest["PolicyNames"], rest["IsTruncated"]) == (["c"], False)


def test_missing_inline_policy_is_no_such_entity(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.get_role_policy(RoleName="r", PolicyName="nope")
    assert error_of(caught)[1] == "The role policy with name nope cannot be found."
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.delete_role_policy(RoleName="r", PolicyName="nope")
    iam.create_user(UserName="u")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.get_user_policy(UserName="u", PolicyName="nope")
    assert error_of(caught)[1] == "The user policy with name nope cannot be found."


def _statement(**members: Any) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [members]})


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "Syntax errors in policy."),
        ("[]", "Syntax errors in policy."),
        (json.dumps({"Version": "2012-10-17"}), "Syntax errors in policy."),
        (json.dumps({"Version": "2012-10-17", "Statement": []}), "Syntax errors in policy."),
        (_statement(Effect="Maybe", Action="s3:*", Resource="*"), "Syntax errors in policy."),
        (
            json.dumps({"Version": "2012-10-17", "Statement": [], "Extra": 1}),
            "Syntax errors in policy.",
        ),
        (
            json.dumps({"Version": "2020-01-01", "Statement": json.loads(allow())["Statement"]}),
            "Syntax errors in policy.",
        ),
        (
            _statement(Effect="allow", Action="s3:*", Resource="*"),
            "The policy failed legacy parsing",
        ),
        (_statement(Effect="Allow", Resource="*"), "Policy statement must contain actions."),
        (_statement(Effect="Allow", Action="s3:*"), "Policy statement must contain resources."),
        (
            _statement(Effect="Allow", Action="s3:*", Resource="*", Principal="*"),
            "Policy document should not specify a principal.",
        ),
        (
            _statement(Effect="Allow", Action="GetObject", Resource="*"),
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        ),
        (
            _statement(Effect="Allow", Action="s3:GetObject", Resource="bucket"),
            'Resource bucket must be in ARN format or "*".',
        ),
    ],
)
def test_inline_policy_documents_are_validated_with_iam_messages(
    iam: Any, document: str, message: str
) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException) as caught:
        iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=document)
    assert error_of(caught) == ("MalformedPolicyDocument", message, 400)


def test_inline_policy_without_version_is_accepted(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    document = json.dumps({"Statement": GRANT["Statement"]})
    iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=document)


def _sized(resources: int) -> str:
    arns = [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(resources)]
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": arns}],
        },
        indent=4,  # white space does not count toward the quota
    )


def test_a_roles_inline_policies_together_may_hold_10240_characters(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName="r", PolicyName="a", PolicyDocument=_sized(170))
    with pytest.raises(iam.exceptions.LimitExceededException) as caught:
        iam.put_role_policy(RoleName="r", PolicyName="b", PolicyDocument=_sized(170))
    assert error_of(caught) == (
        "LimitExceeded",
        "Maximum policy size of 10240 bytes exceeded for role r",
        409,
    )
    # Replacing the first with a document of the same size stays within the quota.
    iam.put_role_policy(RoleName="r", PolicyName="a", PolicyDocument=_sized(170))


def test_a_users_inline_policies_together_may_hold_2048_characters(iam: Any) -> None:
    iam.create_user(UserName="u")
    with pytest.raises(iam.exceptions.LimitExceededException) as caught:
        iam.put_user_policy(UserName="u", PolicyName="a", PolicyDocument=_sized(70))
    assert error_of(caught)[1] == "Maximum policy size of 2048 bytes exceeded for user u"


def test_inline_policy_operations_are_authorized_on_the_owner(cloud: Any, iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    cloud.authorizer.clear()
    iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=allow())
    iam.get_role_policy(RoleName="r", PolicyName="p")
    iam.list_role_policies(RoleName="r")
    iam.delete_role_policy(RoleName="r", PolicyName="p")
    arn = "arn:aws:iam::000000000000:role/r"
    assert cloud.authorizer.pairs() == [
        ("iam:PutRolePolicy", arn),
        ("iam:GetRolePolicy", arn),
        ("iam:ListRolePolicies", arn),
        ("iam:DeleteRolePolicy", arn),
    ]
