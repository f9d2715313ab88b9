"""Customer managed policies: create, versions, attachments, listings and delete conflicts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _iam_support import ACCOUNT, TRUST, allow, error_of
from botocore.exceptions import ClientError

from fourbeat import Cloud
from fourbeat.testing import assert_output_shape

AWS_POLICY = "arn:aws:iam::aws:policy/AmazonRedshiftQueryEditor"
"""An AWS managed policy outside fourbeat's vendored snapshot."""


def _create(iam: Any, name: str = "p", **kwargs: Any) -> str:
    return str(
        iam.create_policy(PolicyName=name, PolicyDocument=allow(), **kwargs)["Policy"]["Arn"]
    )


def test_create_policy_returns_v1_as_default(iam: Any) -> None:
    created = iam.create_policy(
        PolicyName="read",
        Path="/app/",
        PolicyDocument=allow(),
        Description="reads",
        Tags=[{"Key": "team", "Value": "a"}],
    )
    assert_output_shape("iam", "CreatePolicy", created)
    policy = created["Policy"]
    assert policy["Arn"] == f"arn:aws:iam::{ACCOUNT}:policy/app/read"
    assert policy["PolicyId"].startswith("ANPA")
    assert (policy["DefaultVersionId"], policy["AttachmentCount"]) == ("v1", 0)
    assert policy["IsAttachable"] is True
    got = iam.get_policy(PolicyArn=policy["Arn"])
    assert_output_shape("iam", "GetPolicy", got)
    assert got["Policy"]["Description"] == "reads"
    assert got["Policy"]["Tags"] == [{"Key": "team", "Value": "a"}]


def test_duplicate_policy_name_is_entity_already_exists(iam: Any) -> None:
    _create(iam, "dup")
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as caught:
        _create(iam, "dup")
    assert (
        error_of(caught)[1]
        == "A policy called dup already exists. Duplicate names are not allowed."
    )


def test_managed_policy_must_use_the_2012_language_version(iam: Any) -> None:
    document = json.dumps({"Statement": json.loads(allow())["Statement"]})
    with pytest.raises(iam.exceptions.MalformedPolicyDocumentException) as caught:
        iam.create_policy(PolicyName="old", PolicyDocument=document)
    assert error_of(caught)[1] == "Policy document must be version 2012-10-17 or greater."


def test_managed_policy_over_6144_characters_exceeds_the_quota(iam: Any) -> None:
    arns = [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(210)]
    statement = {"Effect": "Allow", "Action": "s3:*", "Resource": arns}
    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    with pytest.raises(iam.exceptions.LimitExceededException) as caught:
        iam.create_policy(PolicyName="big", PolicyDocument=document)
    assert error_of(caught) == ("LimitExceeded", "Cannot exceed quota for PolicySize: 6144", 409)


def test_get_missing_policy_and_bad_arn(iam: Any) -> None:
    missing = f"arn:aws:iam::{ACCOUNT}:policy/none"
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.get_policy(PolicyArn=missing)
    assert error_of(caught) == ("NoSuchEntity", f"Policy {missing} was not found.", 404)
    with pytest.raises(iam.exceptions.InvalidInputException) as caught:
        iam.get_policy(PolicyArn="arn:aws:s3:::not-a-policy")
    assert error_of(caught)[1] == "ARN arn:aws:s3:::not-a-policy is not valid."


def test_policy_versions_are_limited_to_five(iam: Any) -> None:
    arn = _create(iam)
    for action in ("s3:PutObject", "s3:ListBucket", "s3:DeleteObject"):
        version = iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow(action))
        assert_output_shape("iam", "CreatePolicyVersion", version)
    newest = iam.create_policy_version(
        PolicyArn=arn, PolicyDocument=allow("sqs:*"), SetAsDefault=True
    )
    assert newest["PolicyVersion"] == {
        "VersionId": "v5",
        "IsDefaultVersion": True,
        "CreateDate": newest["PolicyVersion"]["CreateDate"],
    }
    with pytest.raises(iam.exceptions.LimitExceededException) as caught:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow())
    assert error_of(caught)[1] == (
        "A managed policy can have up to 5 versions. Before you create a new version, you must "
        "delete an existing version."
    )
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v5"


def test_get_and_list_policy_versions(iam: Any) -> None:
    arn = _create(iam)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow("sqs:*"))
    got = iam.get_policy_version(PolicyArn=arn, VersionId="v2")
    assert_output_shape("iam", "GetPolicyVersion", got)
    assert got["PolicyVersion"]["Document"] == json.loads(allow("sqs:*"))
    assert got["PolicyVersion"]["IsDefaultVersion"] is False
    listed = iam.list_policy_versions(PolicyArn=arn)
    assert_output_shape("iam", "ListPolicyVersions", listed)
    assert [(v["VersionId"], v["IsDefaultVersion"]) for v in listed["Versions"]] == [
        ("v2", False),
        ("v1", True),
    ]
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.get_policy_version(PolicyArn=arn, VersionId="v9")
    assert error_of(caught)[1] == f"Policy {arn} version v9 does not exist or is not attachable."


def test_default_version_cannot_be_deleted_until_another_is_default(iam: Any) -> None:
    arn = _create(iam)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow("sqs:*"))
    with pytest.raises(iam.exceptions.DeleteConflictException) as caught:
        iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    assert error_of(caught)[1] == "Cannot delete the default version of a policy."
    assert_output_shape(
        "iam",
        "SetDefaultPolicyVersion",
        iam.set_default_policy_version(PolicyArn=arn, VersionId="v2"),
    )
    assert_output_shape(
        "iam", "DeletePolicyVersion", iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    )
    assert [v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]] == ["v2"]
    # Version ids are never reused.
    created = iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow())
    assert created["PolicyVersion"]["VersionId"] == "v3"


def test_delete_policy_conflicts_while_attached_or_versioned(iam: Any) -> None:
    arn = _create(iam)
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    with pytest.raises(iam.exceptions.DeleteConflictException) as caught:
        iam.delete_policy(PolicyArn=arn)
    assert error_of(caught)[1] == "Cannot delete a policy attached to entities."
    iam.detach_role_policy(RoleName="r", PolicyArn=arn)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=allow())
    with pytest.raises(iam.exceptions.DeleteConflictException) as caught:
        iam.delete_policy(PolicyArn=arn)
    assert error_of(caught)[1].startswith("This policy has more than one version.")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    assert_output_shape("iam", "DeletePolicy", iam.delete_policy(PolicyArn=arn))
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy(PolicyArn=arn)


def test_attach_and_list_attached_policies_with_attachment_count(iam: Any) -> None:
    arn = _create(iam)
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.create_user(UserName="u")
    assert_output_shape(
        "iam", "AttachRolePolicy", iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    )
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)  # again: no change
    assert_output_shape(
        "iam", "AttachUserPolicy", iam.attach_user_policy(UserName="u", PolicyArn=arn)
    )
    attached = iam.list_attached_role_policies(RoleName="r")
    assert_output_shape("iam", "ListAttachedRolePolicies", attached)
    assert attached["AttachedPolicies"] == [{"PolicyName": "p", "PolicyArn": arn}]
    user_attached = iam.list_attached_user_policies(UserName="u")
    assert_output_shape("iam", "ListAttachedUserPolicies", user_attached)
    assert user_attached["AttachedPolicies"] == [{"PolicyName": "p", "PolicyArn": arn}]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 2
    entities = iam.list_entities_for_policy(PolicyArn=arn)
    assert_output_shape("iam", "ListEntitiesForPolicy", entities)
    assert [r["RoleName"] for r in entities["PolicyRoles"]] == ["r"]
    assert [u["UserName"] for u in entities["PolicyUsers"]] == ["u"]
    assert entities["PolicyGroups"] == []
    only_users = iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="User")
    assert (only_users["PolicyRoles"], len(only_users["PolicyUsers"])) == ([], 1)


def test_detaching_a_policy_not_attached_is_no_such_entity(iam: Any) -> None:
    arn = _create(iam)
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.detach_role_policy(RoleName="r", PolicyArn=arn)
    assert error_of(caught)[1] == f"Policy {arn} was not found."


def test_a_role_holds_at_most_ten_managed_policies(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    for i in range(10):
        iam.attach_role_policy(RoleName="r", PolicyArn=_create(iam, f"p{i}"))
    with pytest.raises(iam.exceptions.LimitExceededException) as caught:
        iam.attach_role_policy(RoleName="r", PolicyArn=_create(iam, "p10"))
    assert error_of(caught)[1] == "Cannot exceed quota for PoliciesPerRole: 10"


def test_aws_managed_policy_unknown_to_fourbeat_is_no_such_entity(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.attach_role_policy(RoleName="r", PolicyArn=AWS_POLICY)
    code, message, status = error_of(caught)
    assert (code, status) == ("NoSuchEntity", 404)
    assert message.startswith(f"Policy {AWS_POLICY} does not exist or is not attachable.")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy(PolicyArn=AWS_POLICY)


def test_list_policies_by_scope_attachment_and_pages(iam: Any) -> None:
    arns = [_create(iam, name) for name in ("c", "a", "b")]
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="r", PolicyArn=arns[0])
    first = iam.list_policies(Scope="Local", MaxItems=2)
    assert_output_shape("iam", "ListPolicies", first)
    assert [p["PolicyName"] for p in first["Policies"]] == ["a", "b"]
    rest = iam.list_policies(Scope="Local", MaxItems=2, Marker=first["Marker"])
    assert [p["PolicyName"] for p in rest["Policies"]] == ["c"]
    attached = iam.list_policies(OnlyAttached=True)["Policies"]
    assert [(p["PolicyName"], p["AttachmentCount"]) for p in attached] == [("c", 1)]
    aws = iam.list_policies(Scope="AWS")["Policies"]  # the vendored snapshot's
    assert aws and all(p["Arn"].startswith("arn:aws:iam::aws:policy/") for p in aws)
    assert {"a", "b", "c"}.isdisjoint(p["PolicyName"] for p in aws)


def test_policy_tags_are_case_sensitive(iam: Any) -> None:
    arn = _create(iam)
    assert_output_shape(
        "iam", "TagPolicy", iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "Cost", "Value": "1"}])
    )
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "cost", "Value": "2"}])
    listed = iam.list_policy_tags(PolicyArn=arn)
    assert_output_shape("iam", "ListPolicyTags", listed)
    assert [t["Key"] for t in listed["Tags"]] == ["Cost", "cost"]
    assert_output_shape("iam", "UntagPolicy", iam.untag_policy(PolicyArn=arn, TagKeys=["Cost"]))
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "cost", "Value": "2"}]


def test_policy_operations_are_authorized_on_the_policy_arn(cloud: Cloud, iam: Any) -> None:
    arn = _create(iam)
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    cloud.authorizer.clear()
    iam.get_policy(PolicyArn=arn)
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    iam.list_policies()
    role = f"arn:aws:iam::{ACCOUNT}:role/r"
    assert cloud.authorizer.pairs() == [
        ("iam:GetPolicy", arn),
        ("iam:AttachRolePolicy", role),
        ("iam:ListPolicies", "*"),
    ]
    assert cloud.authorizer.requests[1].context["iam:PolicyARN"] == arn


def test_version_ids_that_do_not_fit_the_model_are_validation_errors(iam: Any) -> None:
    arn = _create(iam)
    with pytest.raises(ClientError) as caught:
        iam.get_policy_version(PolicyArn=arn, VersionId="one")
    assert error_of(caught)[0] == "ValidationError"
