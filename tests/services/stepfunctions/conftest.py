"""Fixtures for the Step Functions tests: clients of the test's cloud, a role Step Functions
may assume, and a factory of state machines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from _sfn_support import REGION, ROLE_NAME, STATES_TRUST, TASK_POLICY, MakeMachine

from fourbeat import Cloud, VirtualClock
from fourbeat.testing import assert_output_shape


@pytest.fixture
def cloud(tmp_path: Path, clock: VirtualClock) -> Iterator[Cloud]:
    """The shared cloud fixture, in us-east-1 (naming the region spares looking it up)."""
    with Cloud(tmp_path / "cloud", clock=clock, region=REGION) as active:
        yield active


@pytest.fixture
def sfn(cloud: Cloud) -> Any:
    return boto3.client("stepfunctions", region_name=REGION)


@pytest.fixture
def iam(cloud: Cloud) -> Any:
    return boto3.client("iam", region_name=REGION)


@pytest.fixture
def s3(cloud: Cloud) -> Any:
    return boto3.client("s3", region_name=REGION)


@pytest.fixture
def sqs(cloud: Cloud) -> Any:
    return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def role(iam: Any) -> str:
    """The ARN of a role Step Functions may assume, allowed what the tests' tasks call."""
    created = iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=STATES_TRUST)
    iam.put_role_policy(RoleName=ROLE_NAME, PolicyName="tasks", PolicyDocument=TASK_POLICY)
    return str(created["Role"]["Arn"])


@pytest.fixture
def make_machine(sfn: Any, role: str) -> MakeMachine:
    """``make_machine(definition, name="machine", type="STANDARD", **params)``: the new
    state machine's ARN (the response checked against its shape)."""

    def make(definition: str, name: str = "machine", **params: Any) -> str:
        response = sfn.create_state_machine(
            name=name, definition=definition, roleArn=role, **params
        )
        assert_output_shape("stepfunctions", "CreateStateMachine", response)
        return str(response["stateMachineArn"])

    return make
