"""Task states that invoke Lambda functions: the optimized ``lambda:invoke`` integration and a
function ARN as the resource, their results, and function errors routed by Retry and Catch.
https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from _sfn_support import ACCOUNT, REGION, MakeMachine, definition, described, task

from fourbeat import Cloud

INVOKE = "arn:aws:states:::lambda:invoke"
FUNCTION_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:scorer"
CODE = """
def score(event, context):
    if event.get("total") is None:
        raise KeyError("total")
    return {"score": event["total"] * 2}
"""
LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


@pytest.fixture
def function(cloud: Cloud, iam: Any) -> str:
    role = iam.create_role(
        RoleName="scorer-role", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST)
    )["Role"]["Arn"]
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("scorer.py", CODE)
    cloud.client("lambda").create_function(
        FunctionName="scorer",
        Runtime="python3.12",
        Role=role,
        Handler="scorer.score",
        Code={"ZipFile": package.getvalue()},
    )
    return FUNCTION_ARN


def _run(sfn: Any, cloud: Cloud, machine: str, value: Any) -> dict[str, Any]:
    arn = sfn.start_execution(stateMachineArn=machine, input=json.dumps(value))["executionArn"]
    cloud.engine.run_until_idle()
    return described(sfn, arn)


def test_lambda_invoke_returns_the_payload_with_the_invoke_response(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, function: str
) -> None:
    state = task(INVOKE, {"FunctionName": function, "Payload.$": "$"}, End=True)
    done = _run(sfn, cloud, make_machine(definition({"Score": state})), {"total": 21})
    assert done["status"] == "SUCCEEDED", done.get("cause")
    output = json.loads(done["output"])
    assert output["Payload"] == {"score": 42}
    assert (output["StatusCode"], output["ExecutedVersion"]) == (200, "$LATEST")
    assert output["SdkHttpMetadata"]["HttpStatusCode"] == 200


def test_a_function_arn_as_the_resource_returns_the_result_alone(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, function: str
) -> None:
    state = {"Type": "Task", "Resource": function, "End": True}
    done = _run(sfn, cloud, make_machine(definition({"Score": state})), {"total": 5})
    assert json.loads(done["output"]) == {"score": 10}


def test_a_function_error_is_the_task_error_named_by_its_type(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, function: str
) -> None:
    state = task(INVOKE, {"FunctionName": function, "Payload.$": "$"}, End=True)
    done = _run(sfn, cloud, make_machine(definition({"Score": state})), {})
    assert (done["status"], done["error"]) == ("FAILED", "KeyError")
    cause = json.loads(done["cause"])
    assert (cause["errorType"], cause["errorMessage"]) == ("KeyError", "'total'")


def test_catch_routes_a_function_error_to_review(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, function: str
) -> None:
    states = {
        "Score": task(
            INVOKE,
            {"FunctionName": function, "Payload.$": "$"},
            Retry=[{"ErrorEquals": ["Lambda.TooManyRequestsException"], "MaxAttempts": 2}],
            Catch=[{"ErrorEquals": ["KeyError"], "Next": "Review", "ResultPath": "$.error"}],
            End=True,
        ),
        "Review": {"Type": "Pass", "End": True},
    }
    done = _run(sfn, cloud, make_machine(definition(states)), {"id": 3})
    assert done["status"] == "SUCCEEDED"
    output = json.loads(done["output"])
    assert (output["id"], output["error"]["Error"]) == (3, "KeyError")


def test_a_missing_function_fails_with_lambdas_error(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    state = task(INVOKE, {"FunctionName": "nowhere", "Payload": {}}, End=True)
    done = _run(sfn, cloud, make_machine(definition({"Call": state})), {})
    assert (done["status"], done["error"]) == ("FAILED", "Lambda.ResourceNotFoundException")
    assert done["cause"].startswith(
        f"Function not found: arn:aws:lambda:{REGION}:{ACCOUNT}:function:nowhere "
        "(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;"
    )
