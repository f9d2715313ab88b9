"""Fixtures for Lambda: a role Lambda may assume and a way to deploy the test handlers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from _lambda_support import HANDLERS, LAMBDA_TRUST, package

from fourbeat import Cloud

WORK = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:*", "sqs:*"], "Resource": "*"}],
    }
)
"""What the test handlers and their queues need of the execution role."""


@pytest.fixture
def role(cloud: Cloud) -> str:
    iam = cloud.client("iam")
    created = iam.create_role(
        RoleName="function-role", AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST)
    )
    iam.put_role_policy(RoleName="function-role", PolicyName="work", PolicyDocument=WORK)
    return str(created["Role"]["Arn"])


@pytest.fixture
def lam(cloud: Cloud) -> Any:
    return cloud.client("lambda")


@pytest.fixture
def make_function(lam: Any, role: str) -> Callable[..., dict[str, Any]]:
    def make(name: str = "fn", handler: str = "app.echo", **settings: Any) -> dict[str, Any]:
        code = settings.pop("code", None) or package({"app.py": HANDLERS})
        result: dict[str, Any] = lam.create_function(
            FunctionName=name,
            Runtime=settings.pop("runtime", "python3.12"),
            Role=role,
            Handler=handler,
            Code={"ZipFile": code},
            **settings,
        )
        return result

    return make
