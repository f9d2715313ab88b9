"""Definitions and helpers the Step Functions tests share (imported by name: pytest puts this
folder on sys.path, as it does for every test folder without an ``__init__.py``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat.testing import assert_output_shape

ACCOUNT = "000000000000"
REGION = "us-east-1"
ROLE_NAME = "states-role"

MakeMachine = Callable[..., str]
"""The ``make_machine`` fixture: ``make_machine(definition, name="machine", **params)``."""
STATES_TRUST = json.dumps(
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
)


TASK_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:*", "sqs:*"], "Resource": "*"},
            {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"},
        ],
    }
)
"""What the tests' Task states call, allowed to the state machine's role."""


def machine_arn(name: str) -> str:
    return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"


def execution_arn(machine: str, name: str) -> str:
    return f"arn:aws:states:{REGION}:{ACCOUNT}:execution:{machine}:{name}"


def error_of(caught: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    """The parsed Error of a ClientError, with the HTTP status added as ``Status``."""
    response = caught.value.response
    return {**response["Error"], "Status": response["ResponseMetadata"]["HTTPStatusCode"]}


def definition(states: dict[str, Any], start: str | None = None, **top: Any) -> str:
    """An ASL document starting at ``start`` (the first state when not given)."""
    return json.dumps({"StartAt": start or next(iter(states)), "States": states, **top})


def pass_chain(*names: str, result: Any = None) -> str:
    """Pass states in a row; the last one's Result is ``result`` when given."""
    states: dict[str, Any] = {}
    for i, name in enumerate(names):
        state: dict[str, Any] = {"Type": "Pass"}
        if i + 1 < len(names):
            state["Next"] = names[i + 1]
        else:
            state["End"] = True
            if result is not None:
                state["Result"] = result
        states[name] = state
    return definition(states)


def wait(seconds: int) -> str:
    return definition({"Wait": {"Type": "Wait", "Seconds": seconds, "End": True}})


def task(resource: str, parameters: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"Type": "Task", "Resource": resource, "Parameters": parameters, **fields}


def history(sfn: Any, arn: str, **params: Any) -> list[dict[str, Any]]:
    """Every event of an execution, following nextToken, each page checked against its shape."""
    events: list[dict[str, Any]] = []
    while True:
        page = sfn.get_execution_history(executionArn=arn, **params)
        assert_output_shape("stepfunctions", "GetExecutionHistory", page)
        events.extend(page["events"])
        if "nextToken" not in page:
            return events
        params["nextToken"] = page["nextToken"]


def types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def described(sfn: Any, arn: str) -> dict[str, Any]:
    """DescribeExecution, checked against its shape."""
    response = sfn.describe_execution(executionArn=arn)
    assert_output_shape("stepfunctions", "DescribeExecution", response)
    return dict(response)
