"""IAM users through boto3: shapes, paths, pagination, renames, tags and delete conflicts."""

from __future__ import annotations

from typing import Any

import pytest
from _iam_support import ACCOUNT, allow, error_of
from botocore.exceptions import ClientError

from fourbeat import Cloud, FourbeatError
from fourbeat.testing import assert_output_shape


def test_create_user_returns_its_arn_with_path_and_an_aida_id(iam: Any) -> None:
    created = iam.create_user(UserName="alice", Path="/team/")
    assert_output_shape("iam", "CreateUser", created)
    user = created["User"]
    assert user["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/team/alice"
    assert user["UserId"].startswith("AIDA") and len(user["UserId"]) == 21
    assert user["Path"] == "/team/"
    assert "Tags" not in user


def test_user_names_are_unique_whatever_their_case(iam: Any) -> None:
    iam.create_user(UserName="Alice")
    with pytest.raises(iam.exceptions.EntityAlreadyExistsException) as caught:
        iam.create_user(UserName="alice")
    assert error_of(caught) == ("EntityAlreadyExists", "User with name alice already exists.", 409)
    assert iam.get_user(UserName="ALICE")["User"]["UserName"] == "Alice"


def test_get_user_without_a_name_is_the_caller(iam: Any) -> None:
    user = iam.get_user()
    assert_output_shape("iam", "GetUser", user)
    assert user["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/admin"


def test_get_missing_user_is_no_such_entity(iam: Any) -> None:
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.get_user(UserName="nobody")
    assert error_of(caught) == (
        "NoSuchEntity",
        "The user with name nobody cannot be found.",
        404,
    )


def test_invalid_user_name_is_a_validation_error_from_the_model(iam: Any) -> None:
    with pytest.raises(ClientError) as caught:
        iam.create_user(UserName="has space")
    code, message, status = error_of(caught)
    assert (code, status) == ("ValidationError", 400)
    assert message == (
        "1 validation error detected: Value 'has space' at 'userName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"
    )


def test_list_users_pages_with_marker_and_max_items(iam: Any) -> None:
    for name in ("carol", "alice", "bob", "dave"):
        iam.create_user(UserName=name)
    first = iam.list_users(MaxItems=2)
    assert_output_shape("iam", "ListUsers", first)
    assert [u["UserName"] for u in first["Users"]] == ["admin", "alice"]
    assert first["IsTruncated"] is True
    second = iam.list_users(MaxItems=2, Marker=first["Marker"])
    assert [u["UserName"] for u in second["Users"]] == ["bob", "carol"]
    last = iam.list_users(MaxItems=2, Marker=second["Marker"])
    assert [u["UserName"] for u in last["Users"]] == ["dave"]
    assert last["IsTruncated"] is False and "Marker" not in last


def test_paginator_walks_every_page(iam: Any) -> None:
    for i in range(5):
        iam.create_user(UserName=f"user{i}")
    pages = iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 2})
    names = [u["UserName"] for page in pages for u in page["Users"]]
    assert names == ["admin", "user0", "user1", "user2", "user3", "user4"]


def test_list_users_filters_by_path_prefix(iam: Any) -> None:
    iam.create_user(UserName="a", Path="/eng/")
    iam.create_user(UserName="b", Path="/eng/ml/")
    iam.create_user(UserName="c", Path="/ops/")
    listed = iam.list_users(PathPrefix="/eng/")["Users"]
    assert [u["UserName"] for u in listed] == ["a", "b"]


def test_update_user_renames_and_moves_and_keeps_its_id(iam: Any) -> None:
    user_id = iam.create_user(UserName="old")["User"]["UserId"]
    iam.update_user(UserName="old", NewUserName="new", NewPath="/moved/")
    user = iam.get_user(UserName="new")["User"]
    assert (user["UserId"], user["Arn"]) == (user_id, f"arn:aws:iam::{ACCOUNT}:user/moved/new")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_user(UserName="old")


def test_tags_on_users_ignore_key_case_and_keep_the_latest(iam: Any) -> None:
    iam.create_user(UserName="t", Tags=[{"Key": "Department", "Value": "finance"}])
    iam.tag_user(
        UserName="t", Tags=[{"Key": "department", "Value": "hr"}, {"Key": "x", "Value": "1"}]
    )
    listed = iam.list_user_tags(UserName="t")
    assert_output_shape("iam", "ListUserTags", listed)
    assert listed["Tags"] == [{"Key": "department", "Value": "hr"}, {"Key": "x", "Value": "1"}]
    iam.untag_user(UserName="t", TagKeys=["DEPARTMENT"])
    assert iam.get_user(UserName="t")["User"]["Tags"] == [{"Key": "x", "Value": "1"}]


def test_duplicate_tag_keys_in_one_request_are_invalid_input(iam: Any) -> None:
    with pytest.raises(iam.exceptions.InvalidInputException) as caught:
        iam.create_user(UserName="d", Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}])
    assert error_of(caught)[0] == "InvalidInput"


def test_delete_user_with_keys_or_policies_is_a_delete_conflict(iam: Any) -> None:
    iam.create_user(UserName="busy")
    key = iam.create_access_key(UserName="busy")["AccessKey"]["AccessKeyId"]
    with pytest.raises(iam.exceptions.DeleteConflictException) as caught:
        iam.delete_user(UserName="busy")
    assert error_of(caught) == (
        "DeleteConflict",
        "Cannot delete entity, must delete access keys first.",
        409,
    )
    iam.delete_access_key(UserName="busy", AccessKeyId=key)
    iam.put_user_policy(UserName="busy", PolicyName="p", PolicyDocument=allow())
    with pytest.raises(iam.exceptions.DeleteConflictException) as caught:
        iam.delete_user(UserName="busy")
    assert error_of(caught)[1] == "Cannot delete entity, must delete policies first."
    iam.delete_user_policy(UserName="busy", PolicyName="p")
    policy = iam.create_policy(PolicyName="m", PolicyDocument=allow())["Policy"]["Arn"]
    iam.attach_user_policy(UserName="busy", PolicyArn=policy)
    with pytest.raises(iam.exceptions.DeleteConflictException) as caught:
        iam.delete_user(UserName="busy")
    assert error_of(caught)[1] == "Cannot delete entity, must detach all policies first."
    iam.detach_user_policy(UserName="busy", PolicyArn=policy)
    assert_output_shape("iam", "DeleteUser", iam.delete_user(UserName="busy"))
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_user(UserName="busy")


def test_permissions_boundary_must_be_an_existing_policy(iam: Any) -> None:
    missing = f"arn:aws:iam::{ACCOUNT}:policy/none"
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.create_user(UserName="b", PermissionsBoundary=missing)
    assert error_of(caught)[1] == f"Policy {missing} does not exist or is not attachable."
    arn = iam.create_policy(PolicyName="boundary", PolicyDocument=allow())["Policy"]["Arn"]
    user = iam.create_user(UserName="b", PermissionsBoundary=arn)["User"]
    assert user["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "Policy",
        "PermissionsBoundaryArn": arn,
    }
    assert iam.get_policy(PolicyArn=arn)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    iam.delete_user_permissions_boundary(UserName="b")
    assert "PermissionsBoundary" not in iam.get_user(UserName="b")["User"]
    iam.put_user_permissions_boundary(UserName="b", PermissionsBoundary=arn)
    assert (
        iam.get_user(UserName="b")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == arn
    )


def test_user_operations_are_authorized_on_the_user_arn(cloud: Cloud, iam: Any) -> None:
    iam.create_user(UserName="u", Path="/p/", Tags=[{"Key": "k", "Value": "v"}])
    iam.get_user(UserName="u")
    iam.list_users()
    arn = f"arn:aws:iam::{ACCOUNT}:user/p/u"
    assert cloud.authorizer.pairs() == [
        ("iam:CreateUser", arn),
        ("iam:TagUser", arn),
        ("iam:GetUser", arn),
        ("iam:ListUsers", "*"),
    ]
    context = cloud.authorizer.requests[0].context
    assert context == {"aws:RequestTag/k": "v", "aws:TagKeys": ["k"]}


def test_the_default_administrator_cannot_be_deleted(iam: Any) -> None:
    with pytest.raises(FourbeatError, match="default administrator"):
        iam.delete_user(UserName="admin")


def test_list_members_are_named_by_position_in_validation_errors(iam: Any) -> None:
    long_value = "v" * 257
    with pytest.raises(ClientError) as caught:
        iam.create_user(UserName="t", Tags=[{"Key": "ok", "Value": long_value}])
    assert error_of(caught)[1] == (
        f"1 validation error detected: Value '{long_value}' at 'tags.1.member.value' failed to "
        "satisfy constraint: Member must have length less than or equal to 256"
    )
