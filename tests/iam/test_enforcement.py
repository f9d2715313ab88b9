"""IAM decides every call, through boto3, with each service's AccessDenied and AWS's wording.
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.errors import FourbeatError

ACCOUNT = "000000000000"
USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/dev"


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(action: str, resource: str = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


@pytest.fixture
def dev(cloud: Cloud) -> Any:
    """A session of user ``dev``, who starts with no policies at all."""
    iam = cloud.client("iam")
    iam.create_user(UserName="dev")
    key = iam.create_access_key(UserName="dev")["AccessKey"]
    return boto3.session.Session(
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
        region_name="us-east-1",
    )


@pytest.fixture
def bucket(cloud: Cloud) -> str:
    s3 = cloud.client("s3")
    s3.create_bucket(Bucket="ledger")
    s3.put_object(Bucket="ledger", Key="2026/q1.csv", Body=b"total,42")
    return "ledger"


def _denied(call: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as caught:
        call()
    response = caught.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def test_a_user_with_no_policy_is_denied_with_s3s_message(dev: Any, bucket: str) -> None:
    s3 = dev.client("s3")
    assert _denied(lambda: s3.get_object(Bucket=bucket, Key="2026/q1.csv")) == (
        "AccessDenied",
        f"User: {USER_ARN} is not authorized to perform: s3:GetObject on resource: "
        f'"arn:aws:s3:::{bucket}/2026/q1.csv" because no identity-based policy allows the '
        "s3:GetObject action",
        403,
    )


def test_a_policy_put_on_the_user_applies_to_the_next_call(
    cloud: Cloud, dev: Any, bucket: str
) -> None:
    s3 = dev.client("s3")
    cloud.client("iam").put_user_policy(
        UserName="dev",
        PolicyName="read-2026",
        PolicyDocument=_policy(_allow("s3:GetObject", f"arn:aws:s3:::{bucket}/2026/*")),
    )
    assert s3.get_object(Bucket=bucket, Key="2026/q1.csv")["Body"].read() == b"total,42"
    code, message, _ = _denied(lambda: s3.put_object(Bucket=bucket, Key="2026/x", Body=b""))
    assert (code, message.endswith("no identity-based policy allows the s3:PutObject action")) == (
        "AccessDenied",
        True,
    )


def test_a_bucket_policy_naming_the_user_grants_without_an_identity_policy(
    cloud: Cloud, dev: Any, bucket: str
) -> None:
    grant = {
        "Effect": "Allow",
        "Principal": {"AWS": USER_ARN},
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    cloud.client("s3").put_bucket_policy(Bucket=bucket, Policy=_policy(grant))
    assert dev.client("s3").get_object(Bucket=bucket, Key="2026/q1.csv")["ContentLength"] == 8


def test_an_explicit_deny_in_the_bucket_policy_stops_even_the_administrator(
    cloud: Cloud, bucket: str
) -> None:
    deny = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:DeleteObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    s3 = cloud.client("s3")
    s3.put_bucket_policy(Bucket=bucket, Policy=_policy(deny))
    code, message, _ = _denied(lambda: s3.delete_object(Bucket=bucket, Key="2026/q1.csv"))
    assert code == "AccessDenied"
    assert message.endswith("with an explicit deny in a resource-based policy")
    assert s3.get_object(Bucket=bucket, Key="2026/q1.csv")["ContentLength"] == 8


def test_sqs_and_lambda_deny_with_their_own_codes(cloud: Cloud, dev: Any) -> None:
    url = cloud.client("sqs").create_queue(QueueName="jobs")["QueueUrl"]
    code, message, status = _denied(
        lambda: dev.client("sqs").send_message(QueueUrl=url, MessageBody="x")
    )
    assert (code, status) == ("AccessDenied", 403)
    assert message == (
        f"User: {USER_ARN} is not authorized to perform: sqs:SendMessage on resource: "
        f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs because no identity-based policy allows the "
        "sqs:SendMessage action"
    )
    code, message, status = _denied(lambda: dev.client("lambda").list_functions())
    assert (code, status) == ("AccessDeniedException", 403)
    assert message == (
        f"User: {USER_ARN} is not authorized to perform: lambda:ListFunctions because no "
        "identity-based policy allows the lambda:ListFunctions action"
    )


def test_a_queue_policy_can_grant_another_principal(cloud: Cloud, dev: Any) -> None:
    sqs = cloud.client("sqs")
    url = sqs.create_queue(QueueName="inbox")["QueueUrl"]
    arn = f"arn:aws:sqs:us-east-1:{ACCOUNT}:inbox"
    grant = {
        "Effect": "Allow",
        "Principal": {"AWS": USER_ARN},
        "Action": "sqs:SendMessage",
        "Resource": arn,
    }
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": _policy(grant)})
    assert dev.client("sqs").send_message(QueueUrl=url, MessageBody="hello")["MessageId"]


def test_assume_role_needs_the_trust_policy_to_allow_the_caller(cloud: Cloud, dev: Any) -> None:
    lambda_only = {
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole",
    }
    cloud.client("iam").create_role(RoleName="fn", AssumeRolePolicyDocument=_policy(lambda_only))
    cloud.client("iam").put_user_policy(
        UserName="dev", PolicyName="assume", PolicyDocument=_policy(_allow("sts:AssumeRole"))
    )
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/fn"
    code, message, _ = _denied(
        lambda: dev.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="session")
    )
    assert (code, message) == (
        "AccessDenied",
        f"User: {USER_ARN} is not authorized to perform: sts:AssumeRole on resource: {role_arn}",
    )


def test_soft_mode_logs_a_denial_and_lets_the_call_go_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with Cloud(tmp_path / "soft", clock=VirtualClock(), iam="soft") as cloud:
        iam = cloud.client("iam")
        iam.create_user(UserName="dev")
        key = iam.create_access_key(UserName="dev")["AccessKey"]
        s3 = cloud.client(
            "s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
        )
        with caplog.at_level(logging.WARNING, logger="fourbeat.iam"):
            s3.create_bucket(Bucket="made-anyway")
        assert "is not authorized to perform: s3:CreateBucket" in caplog.text
        (request,) = [r for r in cloud.authorizer.requests if r.action == "s3:CreateBucket"]
        assert request.allowed is False
        assert cloud.client("s3").head_bucket(Bucket="made-anyway")


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FourbeatError, match="IAM mode 'off' is not one of enforce, soft"):
        Cloud(tmp_path / "x", clock=VirtualClock(), iam="off")  # type: ignore[arg-type]
