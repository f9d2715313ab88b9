"""Lambda functions: creating, reading, listing, updating and deleting them as the API does."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from _lambda_support import HANDLERS, package
from botocore.exceptions import ClientError

from fourbeat import Cloud
from fourbeat.services import NotServedError
from fourbeat.testing import assert_output_shape

Make = Callable[..., dict[str, Any]]


def _error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return exc.value.response["Error"]["Code"], exc.value.response["Error"]["Message"]


def test_create_function_answers_its_configuration_with_lambdas_defaults(
    make_function: Make,
) -> None:
    code = package({"app.py": HANDLERS})
    created = make_function(code=code, Environment={"Variables": {"STAGE": "test"}})
    assert_output_shape("lambda", "CreateFunction", created)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:fn"
    assert created["CodeSha256"] == base64.b64encode(hashlib.sha256(code).digest()).decode()
    assert created["CodeSize"] == len(code)
    assert (created["Timeout"], created["MemorySize"], created["Version"]) == (3, 128, "$LATEST")
    assert created["Environment"] == {"Variables": {"STAGE": "test"}}
    assert created["State"] == "Active"
    assert created["LoggingConfig"] == {"LogFormat": "Text", "LogGroup": "/aws/lambda/fn"}


def test_get_function_names_the_function_by_name_or_arn(make_function: Make, lam: Any) -> None:
    created = make_function()
    for name in ("fn", created["FunctionArn"], "000000000000:function:fn"):
        got = lam.get_function(FunctionName=name)
        assert got["Configuration"]["RevisionId"] == created["RevisionId"]
    assert_output_shape("lambda", "GetFunction", got)


def test_a_missing_function_is_resource_not_found_with_its_arn(lam: Any) -> None:
    with pytest.raises(ClientError) as exc:
        lam.get_function_configuration(FunctionName="nope")
    assert _error(exc) == (
        "ResourceNotFoundException",
        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:nope",
    )
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_function_name_is_taken_once(make_function: Make) -> None:
    make_function()
    with pytest.raises(ClientError) as exc:
        make_function()
    assert _error(exc) == ("ResourceConflictException", "Function already exist: fn")


def test_the_role_must_trust_lambda(cloud: Cloud, lam: Any) -> None:
    untrusting = cloud.client("iam").create_role(
        RoleName="not-for-lambda",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "states.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    with pytest.raises(ClientError) as exc:
        lam.create_function(
            FunctionName="fn",
            Runtime="python3.12",
            Role=untrusting,
            Handler="app.echo",
            Code={"ZipFile": package({"app.py": HANDLERS})},
        )
    assert _error(exc) == (
        "InvalidParameterValueException",
        "The role defined for the function cannot be assumed by Lambda.",
    )


def test_a_package_that_is_not_a_zip_is_refused(make_function: Make) -> None:
    with pytest.raises(ClientError) as exc:
        make_function(code=b"not a zip at all")
    assert _error(exc) == (
        "InvalidParameterValueException",
        "Could not unzip uploaded file. Please check your file, then try to upload again.",
    )


def test_reserved_environment_variables_are_refused(make_function: Make) -> None:
    with pytest.raises(ClientError) as exc:
        make_function(Environment={"Variables": {"AWS_REGION": "eu-west-1", "OK": "1"}})
    code, message = _error(exc)
    assert code == "InvalidParameterValueException"
    assert message.endswith("Reserved keys used in this request: AWS_REGION")


def test_a_runtime_other_than_python_is_not_served_yet(make_function: Make) -> None:
    with pytest.raises(NotServedError, match=r"runtime nodejs20\.x is not supported yet"):
        make_function(runtime="nodejs20.x")


def test_a_timeout_beyond_the_model_is_a_validation_exception(make_function: Make) -> None:
    with pytest.raises(ClientError) as exc:
        make_function(Timeout=6000)
    code, message = _error(exc)
    assert code == "ValidationException"
    assert "Value '6000' at 'timeout' failed to satisfy constraint" in message


def test_list_functions_pages_by_name(make_function: Make, lam: Any) -> None:
    for name in ("c", "a", "b"):
        make_function(name)
    first = lam.list_functions(MaxItems=2)
    assert [f["FunctionName"] for f in first["Functions"]] == ["a", "b"]
    rest = lam.list_functions(Marker=first["NextMarker"])
    assert [f["FunctionName"] for f in rest["Functions"]] == ["c"]
    assert "NextMarker" not in rest


def test_update_configuration_changes_settings_and_the_revision(
    make_function: Make, lam: Any
) -> None:
    created = make_function()
    updated = lam.update_function_configuration(
        FunctionName="fn", Timeout=10, MemorySize=256, Environment={"Variables": {"A": "1"}}
    )
    assert (updated["Timeout"], updated["MemorySize"]) == (10, 256)
    assert updated["Environment"] == {"Variables": {"A": "1"}}
    assert updated["RevisionId"] != created["RevisionId"]
    with pytest.raises(ClientError) as exc:
        lam.update_function_configuration(
            FunctionName="fn", Timeout=5, RevisionId=created["RevisionId"]
        )
    assert _error(exc)[0] == "PreconditionFailedException"


def test_update_code_replaces_what_runs(make_function: Make, lam: Any) -> None:
    make_function(handler="app.handler", code=package({"app.py": "def handler(e, c): return 1"}))
    assert json.load(lam.invoke(FunctionName="fn")["Payload"]) == 1
    new = package({"app.py": "def handler(e, c): return 2"})
    updated = lam.update_function_code(FunctionName="fn", ZipFile=new)
    assert updated["CodeSha256"] == base64.b64encode(hashlib.sha256(new).digest()).decode()
    assert json.load(lam.invoke(FunctionName="fn")["Payload"]) == 2


def test_code_comes_from_s3_too(cloud: Cloud, lam: Any, role: str) -> None:
    s3 = cloud.client("s3")
    s3.create_bucket(Bucket="deployments")
    s3.put_object(Bucket="deployments", Key="fn.zip", Body=package({"app.py": HANDLERS}))
    lam.create_function(
        FunctionName="fn",
        Runtime="python3.12",
        Role=role,
        Handler="app.echo",
        Code={"S3Bucket": "deployments", "S3Key": "fn.zip"},
    )
    assert lam.invoke(FunctionName="fn")["StatusCode"] == 200
    with pytest.raises(ClientError) as exc:
        lam.update_function_code(FunctionName="fn", S3Bucket="deployments", S3Key="missing.zip")
    assert _error(exc) == (
        "InvalidParameterValueException",
        "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The "
        "specified key does not exist.",
    )


def test_delete_function_removes_it(make_function: Make, lam: Any) -> None:
    make_function()
    assert lam.delete_function(FunctionName="fn")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as exc:
        lam.invoke(FunctionName="fn")
    assert _error(exc)[0] == "ResourceNotFoundException"


def test_reserved_concurrency_is_kept_and_zero_throttles(make_function: Make, lam: Any) -> None:
    make_function()
    assert (
        lam.put_function_concurrency(FunctionName="fn", ReservedConcurrentExecutions=0)[
            "ReservedConcurrentExecutions"
        ]
        == 0
    )
    with pytest.raises(ClientError) as exc:
        lam.invoke(FunctionName="fn")
    assert _error(exc) == ("TooManyRequestsException", "Rate Exceeded.")
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    lam.delete_function_concurrency(FunctionName="fn")
    assert (
        lam.get_function_concurrency(FunctionName="fn").get("ReservedConcurrentExecutions") is None
    )
    assert lam.invoke(FunctionName="fn")["StatusCode"] == 200


def test_add_permission_writes_lambdas_statement_and_get_policy_shows_it(
    make_function: Make, lam: Any
) -> None:
    created = make_function()
    added = lam.add_permission(
        FunctionName="fn",
        StatementId="s3-invoke",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::uploads-bucket",
        SourceAccount="000000000000",
    )
    assert json.loads(added["Statement"]) == {
        "Sid": "s3-invoke",
        "Effect": "Allow",
        "Principal": {"Service": "s3.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": created["FunctionArn"],
        "Condition": {
            "StringEquals": {"AWS:SourceAccount": "000000000000"},
            "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads-bucket"},
        },
    }
    policy = json.loads(lam.get_policy(FunctionName="fn")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["s3-invoke"]
    with pytest.raises(ClientError) as exc:
        lam.add_permission(
            FunctionName="fn", StatementId="s3-invoke", Action="lambda:*", Principal="*"
        )
    assert _error(exc)[0] == "ResourceConflictException"
    lam.remove_permission(FunctionName="fn", StatementId="s3-invoke")
    with pytest.raises(ClientError) as exc:
        lam.get_policy(FunctionName="fn")
    assert _error(exc) == (
        "ResourceNotFoundException",
        "The resource you requested does not exist.",
    )


def test_a_function_policy_lets_another_principal_invoke(
    make_function: Make, lam: Any, cloud: Cloud
) -> None:
    make_function()
    iam = cloud.client("iam")
    iam.create_user(UserName="caller")
    key = iam.create_access_key(UserName="caller")["AccessKey"]
    caller = cloud.client(
        "lambda",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    with pytest.raises(ClientError) as exc:
        caller.invoke(FunctionName="fn")
    assert _error(exc)[0] == "AccessDeniedException"
    lam.add_permission(
        FunctionName="fn",
        StatementId="caller",
        Action="lambda:InvokeFunction",
        Principal="arn:aws:iam::000000000000:user/caller",
    )
    assert caller.invoke(FunctionName="fn")["StatusCode"] == 200
