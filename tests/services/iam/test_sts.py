"""STS through boto3: role sessions and their expiry, chaining, session tags, user sessions."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from _iam_support import ACCOUNT, ACCOUNT_TRUST, allow, error_of
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.services import NotServedError
from fourbeat.testing import assert_output_shape

ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/worker"


@pytest.fixture
def role(iam: Any) -> dict[str, Any]:
    created = iam.create_role(RoleName="worker", AssumeRolePolicyDocument=ACCOUNT_TRUST)
    # What the tests' sessions do: call STS and IAM, and assume the next role of a chain.
    iam.put_role_policy(RoleName="worker", PolicyName="work", PolicyDocument=allow("*"))
    role: dict[str, Any] = created["Role"]
    return role


def _session_client(cloud: Cloud, service: str, credentials: dict[str, Any]) -> Any:
    return boto3.client(
        service,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )


def test_get_caller_identity_of_the_default_administrator(sts: Any) -> None:
    identity = sts.get_caller_identity()
    assert_output_shape("sts", "GetCallerIdentity", identity)
    assert (identity["Account"], identity["Arn"]) == (ACCOUNT, f"arn:aws:iam::{ACCOUNT}:user/admin")
    assert identity["UserId"].startswith("AIDA")


def test_role_session_calls_as_the_assumed_role_until_it_expires(
    cloud: Cloud, clock: VirtualClock, sts: Any, role: dict[str, Any]
) -> None:
    assumed = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="job-1", DurationSeconds=900)
    assert_output_shape("sts", "AssumeRole", assumed)
    creds = assumed["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert creds["Expiration"].timestamp() == clock.now() + 900
    assert assumed["AssumedRoleUser"] == {
        "AssumedRoleId": f"{role['RoleId']}:job-1",
        "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/worker/job-1",
    }
    session = _session_client(cloud, "sts", creds)
    identity = session.get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/worker/job-1"
    assert identity["UserId"] == f"{role['RoleId']}:job-1"
    clock.advance(900)
    with pytest.raises(ClientError) as caught:
        session.get_caller_identity()
    assert error_of(caught) == (
        "ExpiredToken",
        "The security token included in the request is expired",
        400,
    )


def test_assume_role_is_authorized_on_the_role_arn(
    cloud: Cloud, sts: Any, role: dict[str, Any]
) -> None:
    cloud.authorizer.clear()
    sts.assume_role(
        RoleArn=ROLE_ARN,
        RoleSessionName="s1",
        ExternalId="ext-123",
        Tags=[{"Key": "project", "Value": "x"}],
        SourceIdentity="alice",
    )
    assert cloud.authorizer.pairs() == [
        ("sts:AssumeRole", ROLE_ARN),
        ("sts:TagSession", ROLE_ARN),
        ("sts:SetSourceIdentity", ROLE_ARN),
    ]
    context = cloud.authorizer.requests[0].context
    assert context["sts:ExternalId"] == "ext-123"
    assert context["sts:RoleSessionName"] == "s1"
    assert context["aws:RequestTag/project"] == "x"


def test_assuming_a_missing_role_is_access_denied(sts: Any) -> None:
    missing = f"arn:aws:iam::{ACCOUNT}:role/missing"
    with pytest.raises(ClientError) as caught:
        sts.assume_role(RoleArn=missing, RoleSessionName="s1")
    assert error_of(caught) == (
        "AccessDenied",
        f"User: arn:aws:iam::{ACCOUNT}:user/admin is not authorized to perform: "
        f"sts:AssumeRole on resource: {missing}",
        403,
    )


def test_duration_beyond_the_roles_maximum_is_a_validation_error(
    sts: Any, role: dict[str, Any]
) -> None:
    with pytest.raises(ClientError) as caught:
        sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1", DurationSeconds=7200)
    assert error_of(caught) == (
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
        400,
    )


def test_role_session_name_must_fit_the_pattern(sts: Any, role: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as caught:
        sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="has space")
    assert error_of(caught) == (
        "ValidationError",
        "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
        400,
    )


def test_role_chaining_limits_sessions_to_an_hour_and_passes_transitive_tags(
    cloud: Cloud, iam: Any, sts: Any, role: dict[str, Any]
) -> None:
    iam.create_role(
        RoleName="second", AssumeRolePolicyDocument=ACCOUNT_TRUST, MaxSessionDuration=7200
    )
    first = sts.assume_role(
        RoleArn=ROLE_ARN,
        RoleSessionName="one",
        Tags=[{"Key": "project", "Value": "x"}, {"Key": "temp", "Value": "y"}],
        TransitiveTagKeys=["project"],
        SourceIdentity="alice",
    )
    assert first["SourceIdentity"] == "alice"
    chained = _session_client(cloud, "sts", first["Credentials"])
    second_arn = f"arn:aws:iam::{ACCOUNT}:role/second"
    with pytest.raises(ClientError) as caught:
        chained.assume_role(RoleArn=second_arn, RoleSessionName="two", DurationSeconds=7200)
    assert error_of(caught)[1] == (
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
        "role chaining."
    )
    cloud.authorizer.clear()
    second = chained.assume_role(RoleArn=second_arn, RoleSessionName="two")
    assert second["SourceIdentity"] == "alice"
    _session_client(cloud, "sts", second["Credentials"]).get_caller_identity()
    principal = cloud.authorizer.requests[0].principal
    assert principal == f"arn:aws:sts::{ACCOUNT}:assumed-role/worker/one"
    with pytest.raises(ClientError) as caught:
        chained.assume_role(
            RoleArn=second_arn, RoleSessionName="three", Tags=[{"Key": "Project", "Value": "z"}]
        )
    assert error_of(caught)[0] == "InvalidParameterValue"


def test_session_tags_override_role_tags_in_the_principal(
    cloud: Cloud, iam: Any, sts: Any, role: dict[str, Any]
) -> None:
    iam.tag_role(
        RoleName="worker", Tags=[{"Key": "Team", "Value": "a"}, {"Key": "env", "Value": "dev"}]
    )
    assumed = sts.assume_role(
        RoleArn=ROLE_ARN, RoleSessionName="s1", Tags=[{"Key": "team", "Value": "b"}]
    )
    principal = cloud.identities.principal_for(
        assumed["Credentials"]["AccessKeyId"], cloud.clock.now()
    )
    assert principal.tags == {"env": "dev", "team": "b"}


def test_session_policy_is_validated(sts: Any, role: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as caught:
        sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1", Policy='{"Statement": []}')
    assert error_of(caught) == ("MalformedPolicyDocument", "Syntax errors in policy.", 400)
    sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1", Policy=allow())


def test_mfa_codes_are_not_served(sts: Any, role: dict[str, Any]) -> None:
    with pytest.raises(NotServedError, match="MFA devices"):
        sts.assume_role(
            RoleArn=ROLE_ARN,
            RoleSessionName="s1",
            SerialNumber="arn:aws:iam::000000000000:mfa/dev",
            TokenCode="123456",
        )


def test_get_session_token_acts_as_the_user(cloud: Cloud, clock: VirtualClock, sts: Any) -> None:
    token = sts.get_session_token(DurationSeconds=900)
    assert_output_shape("sts", "GetSessionToken", token)
    creds = token["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    session = _session_client(cloud, "sts", creds)
    assert session.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/admin"
    with pytest.raises(ClientError) as caught:
        session.get_session_token()
    assert error_of(caught) == (
        "AccessDenied",
        "Cannot call GetSessionToken with session credentials",
        403,
    )
    clock.advance(901)
    with pytest.raises(ClientError) as caught:
        session.get_caller_identity()
    assert error_of(caught)[0] == "ExpiredToken"


def test_get_access_key_info_names_the_account(cloud: Cloud, sts: Any) -> None:
    info = sts.get_access_key_info(AccessKeyId="AKIAFOURBEATADMIN000")
    assert_output_shape("sts", "GetAccessKeyInfo", info)
    assert info["Account"] == ACCOUNT
    assert ("sts:GetAccessKeyInfo", "*") in cloud.authorizer.pairs()


def test_a_session_key_this_cloud_never_issued_is_invalid(cloud: Cloud) -> None:
    sts = boto3.client(
        "sts",
        aws_access_key_id="ASIAUNKNOWNKEY000000",
        aws_secret_access_key="x",
        aws_session_token="t",
    )
    with pytest.raises(ClientError) as caught:
        sts.get_caller_identity()
    assert error_of(caught)[0] == "InvalidClientTokenId"


def test_a_deleted_role_ends_its_sessions(
    cloud: Cloud, iam: Any, sts: Any, role: dict[str, Any]
) -> None:
    creds = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1")["Credentials"]
    iam.delete_role_policy(RoleName="worker", PolicyName="work")
    iam.delete_role(RoleName="worker")
    with pytest.raises(ClientError) as caught:
        _session_client(cloud, "sts", creds).get_caller_identity()
    assert error_of(caught)[0] == "InvalidClientTokenId"


def test_get_user_without_a_name_needs_user_credentials(
    cloud: Cloud, sts: Any, role: dict[str, Any]
) -> None:
    creds = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="s1")["Credentials"]
    with pytest.raises(ClientError) as caught:
        _session_client(cloud, "iam", creds).get_user()
    assert error_of(caught) == (
        "ValidationError",
        "Must specify userName when calling with non-User credentials",
        400,
    )
