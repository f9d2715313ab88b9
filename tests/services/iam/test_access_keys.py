"""Access keys: at most two per user, they sign as their user, Inactive and deleted ones are
refused, and their last use is recorded."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from _iam_support import ACCOUNT, allow, error_of

from fourbeat import Cloud, FourbeatError, VirtualClock
from fourbeat.testing import assert_output_shape


def _key(iam: Any, user: str = "dev") -> dict[str, Any]:
    iam.create_user(UserName=user)
    created = iam.create_access_key(UserName=user)
    assert_output_shape("iam", "CreateAccessKey", created)
    key: dict[str, Any] = created["AccessKey"]
    return key


def _client(cloud: Cloud, service: str, key: dict[str, Any]) -> Any:
    return boto3.client(
        service,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def test_created_key_is_akia_with_a_40_character_secret(iam: Any) -> None:
    key = _key(iam)
    assert key["AccessKeyId"].startswith("AKIA") and len(key["AccessKeyId"]) == 20
    assert len(key["SecretAccessKey"]) == 40
    assert (key["UserName"], key["Status"]) == ("dev", "Active")


def test_a_key_signs_calls_as_its_user(cloud: Cloud, iam: Any) -> None:
    key = _key(iam)
    iam.put_user_policy(UserName="dev", PolicyName="self", PolicyDocument=allow("iam:GetUser"))
    identity = _client(cloud, "sts", key).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/dev"
    assert identity["UserId"] == iam.get_user(UserName="dev")["User"]["UserId"]
    # GetUser and CreateAccessKey without a name act on the caller.
    assert _client(cloud, "iam", key).get_user()["User"]["UserName"] == "dev"


def test_an_inactive_key_is_refused_until_reactivated(cloud: Cloud, iam: Any) -> None:
    key = _key(iam)
    sts = _client(cloud, "sts", key)
    updated = iam.update_access_key(
        UserName="dev", AccessKeyId=key["AccessKeyId"], Status="Inactive"
    )
    assert_output_shape("iam", "UpdateAccessKey", updated)
    with pytest.raises(sts.exceptions.ClientError) as caught:
        sts.get_caller_identity()
    assert error_of(caught) == (
        "InvalidClientTokenId",
        "The security token included in the request is invalid.",
        403,
    )
    iam.update_access_key(UserName="dev", AccessKeyId=key["AccessKeyId"], Status="Active")
    assert sts.get_caller_identity()["Arn"].endswith(":user/dev")


def test_a_deleted_key_is_refused_not_taken_for_an_unknown_key(cloud: Cloud, iam: Any) -> None:
    key = _key(iam)
    assert_output_shape(
        "iam",
        "DeleteAccessKey",
        iam.delete_access_key(UserName="dev", AccessKeyId=key["AccessKeyId"]),
    )
    with pytest.raises(iam.exceptions.ClientError) as caught:
        _client(cloud, "sts", key).get_caller_identity()
    assert error_of(caught)[0] == "InvalidClientTokenId"
    assert iam.list_access_keys(UserName="dev")["AccessKeyMetadata"] == []


def test_a_user_has_at_most_two_keys(iam: Any) -> None:
    _key(iam)
    iam.create_access_key(UserName="dev")
    with pytest.raises(iam.exceptions.LimitExceededException) as caught:
        iam.create_access_key(UserName="dev")
    assert error_of(caught) == (
        "LimitExceeded",
        "Cannot exceed quota for AccessKeysPerUser: 2",
        409,
    )


def test_list_access_keys_shows_status_and_pages(iam: Any, clock: VirtualClock) -> None:
    first = _key(iam)
    iam.update_access_key(UserName="dev", AccessKeyId=first["AccessKeyId"], Status="Inactive")
    clock.advance(1)  # keys list oldest first
    second = iam.create_access_key(UserName="dev")["AccessKey"]
    page = iam.list_access_keys(UserName="dev", MaxItems=1)
    assert_output_shape("iam", "ListAccessKeys", page)
    rest = iam.list_access_keys(UserName="dev", Marker=page["Marker"])
    listed = page["AccessKeyMetadata"] + rest["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in listed] == [
        (first["AccessKeyId"], "Inactive"),
        (second["AccessKeyId"], "Active"),
    ]


def test_a_key_of_another_user_is_no_such_entity(iam: Any) -> None:
    key = _key(iam)
    iam.create_user(UserName="other")
    with pytest.raises(iam.exceptions.NoSuchEntityException) as caught:
        iam.delete_access_key(UserName="other", AccessKeyId=key["AccessKeyId"])
    assert error_of(caught)[1] == f"The Access Key with id {key['AccessKeyId']} cannot be found"


def test_last_used_is_na_until_the_key_signs_a_call(cloud: Cloud, iam: Any) -> None:
    key = _key(iam)
    never = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert_output_shape("iam", "GetAccessKeyLastUsed", never)
    assert never["UserName"] == "dev"
    assert never["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}
    _client(cloud, "sts", key).get_caller_identity()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert (used["ServiceName"], used["Region"]) == ("sts", cloud.region)
    assert used["LastUsedDate"].timestamp() == cloud.clock.now()


def test_the_builtin_administrator_key_stays_active(iam: Any) -> None:
    with pytest.raises(FourbeatError, match="built-in administrator key"):
        iam.update_access_key(
            UserName="admin", AccessKeyId="AKIAFOURBEATADMIN000", Status="Inactive"
        )
