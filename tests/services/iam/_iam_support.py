"""Documents and helpers the IAM and STS tests share (imported by name: pytest puts this
folder on sys.path, as it does for every test folder without an ``__init__.py``)."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

ACCOUNT = "000000000000"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


ACCOUNT_TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
            }
        ],
    }
)
"""Trusts the account: its principals may assume the role if their own policies allow it."""


def allow(action: str = "s3:GetObject", resource: str = "*") -> str:
    """An identity policy allowing one action."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}],
        }
    )


def error_of(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    """``(code, message, status)`` of a ClientError, as botocore parsed it."""
    response = caught.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )
