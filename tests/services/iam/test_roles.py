"""IAM roles through boto3: trust policies, session durations, shapes, tags, delete conflicts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _iam_support import ACCOUNT, ACCOUNT_TRUST, TRUST, allow, error_of
from botocore.exceptions import ClientError

from fourbeat import Cloud
from fourbeat.testing import assert_output_shape


def test_create_role_returns_the_trust_policy_as_a_dict(iam: Any) -> None:
    created = iam.create_role(
        RoleName="worker",
        Path="/service/",
        AssumeRolePolicyDocument=TRUST,
        Description="runs things",
        MaxSessionDuration=7200,
    )
    assert_output_shape("iam", "CreateRole", created)
    role = created["Role"]
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT}:role/service/worker"
    assert role["RoleId"].startswith("AROA")
    # IAM sends the document URL-encoded; botocore decodes it, exactly as for AWS.
    assert role["AssumeRolePolicyDocument"] == json.loads(TRUST)
    assert (role["Description"], role["MaxSessionDuration"]) == ("runs things", 7200)
    assert "RoleLastUsed" not in role


def test_get_role_has_role_last_used_and_list_roles_leaves_it_out(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, Tags=[{"Key": "a", "Value": "b"}])
    got = iam.get_role(RoleName="r")
    assert_output_shape("iam", "GetRole", got)
    assert got["Role"]["RoleLastUsed"] == {}
    assert got["Role"]["MaxSessionDuration"] == 3600
    assert got["Role"]["Tags"] == [{"Key": "a", "Value": "b"}]
    listed = iam.list_roles()
    assert_output_shape("iam", "ListRoles", listed)
    (role,) = listed["Roles"]
    assert "RoleLastUsed" not in role and "Tags" not in role
    assert role["AssumeRolePolicyDocument"] == json.loads(TRUST)


def test_assuming_a_role_records_when_and_where_it_was_last_used(
    cloud: Cloud, iam: Any, sts: Any
) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=ACCOUNT_TRUST)
    sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r", RoleSessionName="s1")
    used = iam.get_role(RoleName="r")["Role"]["RoleLastUsed"]
    assert used["Region"] == cloud.region
    assert used["LastUsedDate"].timestamp() == cloud.clock.now()


def test_max_session_duration_above_twelve_hours_is_a_validation_error(iam: Any) -> None:
    with pytest.raises(ClientError) as caught:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=50000)
    assert error_of(caught) == (
        "ValidationError",
        "1 validation error detected: Value '50000' at 'maxSessionDuration' failed to satisfy "
        "constraint: Member must have value less than or equal to 43200",
        400,
    )


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("not json", "Syntax errors in policy."),
        (json.dumps({"Version": "2012-10-17"}), "Syntax errors in policy."),
        (
            json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}],
                }
            ),
            "Missing required field Principal",
        ),
        (
            json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                            "Resource": "*",
                        }
                    ],
                }
            ),
            "Has prohibited field Resource.",
        ),
        (
            json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/ghost"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
            f'Invalid principal in policy: "AWS":"arn:aws:iam::{ACCOUNT}:user/ghost"',
        ),
    ],
)
def test_trust_policy_is_validated_as_iam_does(iam: Any, document: str, message: str) -> None:
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException) as caught:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=document)
    assert error_of(caught) == ("MalformedPolicyDocument", message, 400)


def test_trust_policy_naming_an_existing_user_is_accepted(iam: Any) -> None:
    iam.create_user(UserName="dev")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/dev"},
                "Action": ["sts:AssumeRole", "sts:TagSession"],
            }
        ],
    }
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(trust))


def test_trust_policy_over_2048_characters_exceeds_the_quota(iam: Any) -> None:
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": [f"service{i:04d}.amazonaws.com" for i in range(80)]},
        "Action": "sts:AssumeRole",
    }
    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    with pytest.raises(iam.exceptions.LimitExceededException) as caught:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=document)
    assert error_of(caught) == (
        "LimitExceeded",
        "Cannot exceed quota for ACLSizePerRole: 2048",
        409,
    )


def test_update_role_and_trust_policy(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    assert_output_shape(
        "iam",
        "UpdateRole",
        iam.update_role(RoleName="r", Description="d", MaxSessionDuration=43200),
    )
    described = iam.update_role_description(RoleName="r", Description="new")
    assert_output_shape("iam", "UpdateRoleDescription", described)
    trust = json.loads(TRUST)
    trust["Statement"][0]["Principal"] = {"Service": "states.amazonaws.com"}
    iam.update_assume_role_policy(RoleName="r", PolicyDocument=json.dumps(trust))
    role = iam.get_role(RoleName="r")["Role"]
    assert (role["Description"], role["MaxSessionDuration"]) == ("new", 43200)
    assert role["AssumeRolePolicyDocument"] == trust


def test_delete_role_with_policies_is_a_delete_conflict(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName="r", PolicyName="inline", PolicyDocument=allow())
    with pytest.raises(iam.exceptions.DeleteConflictException) as caught:
        iam.delete_role(RoleName="r")
    assert error_of(caught) == (
        "DeleteConflict",
        "Cannot delete entity, must delete policies first.",
        409,
    )
    iam.delete_role_policy(RoleName="r", PolicyName="inline")
    arn = iam.create_policy(PolicyName="m", PolicyDocument=allow())["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    with pytest.raises(iam.exceptions.DeleteConflictException) as caught:
        iam.delete_role(RoleName="r")
    assert error_of(caught)[1] == "Cannot delete entity, must detach all policies first."
    iam.detach_role_policy(RoleName="r", PolicyArn=arn)
    assert_output_shape("iam", "DeleteRole", iam.delete_role(RoleName="r"))
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.get_role(RoleName="r")
    assert error_of(caught)[1] == "The role with name r cannot be found."


def test_role_tags_page_and_untag(iam: Any) -> None:
    tags = [{"Key": f"k{i}", "Value": str(i)} for i in range(3)]
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    assert_output_shape("iam", "TagRole", iam.tag_role(RoleName="r", Tags=tags))
    first = iam.list_role_tags(RoleName="r", MaxItems=2)
    assert_output_shape("iam", "ListRoleTags", first)
    rest = iam.list_role_tags(RoleName="r", Marker=first["Marker"])
    assert first["Tags"] + rest["Tags"] == tags
    iam.untag_role(RoleName="r", TagKeys=["K1"])  # role tag keys ignore case
    assert iam.list_role_tags(RoleName="r")["Tags"] == [tags[0], tags[2]]


def test_more_than_fifty_tags_on_a_role_exceed_the_quota(iam: Any) -> None:
    iam.create_role(
        RoleName="r",
        AssumeRolePolicyDocument=TRUST,
        Tags=[{"Key": f"a{i}", "Value": ""} for i in range(50)],
    )
    with pytest.raises(iam.exceptions.LimitExceededException):
        iam.tag_role(RoleName="r", Tags=[{"Key": "one-more", "Value": ""}])


def test_role_permissions_boundary_is_set_and_removed(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="b", PolicyDocument=allow())["Policy"]["Arn"]
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.put_role_permissions_boundary(RoleName="r", PermissionsBoundary=arn)
    assert (
        iam.get_role(RoleName="r")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == arn
    )
    iam.delete_role_permissions_boundary(RoleName="r")
    assert "PermissionsBoundary" not in iam.get_role(RoleName="r")["Role"]


def test_role_operations_are_authorized_on_the_role_arn(cloud: Cloud, iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.get_role(RoleName="r")
    iam.list_roles()
    arn = f"arn:aws:iam::{ACCOUNT}:role/r"
    assert cloud.authorizer.pairs() == [
        ("iam:CreateRole", arn),
        ("iam:GetRole", arn),
        ("iam:ListRoles", "*"),
    ]
