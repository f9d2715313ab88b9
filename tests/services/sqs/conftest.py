"""Fixtures for the SQS tests: a client of the test's cloud and a standard and a FIFO queue."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from fourbeat import Cloud


@pytest.fixture
def sqs(cloud: Cloud) -> Any:
    """A client of boto3's default session (its loaded models are reused across tests, unlike
    ``cloud.client``'s fresh session), served by the test's active cloud."""
    credentials = cloud.admin_credentials
    return boto3.client(
        "sqs",
        region_name=cloud.region,
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
    )


@pytest.fixture
def queue_url(sqs: Any) -> str:
    return str(sqs.create_queue(QueueName="work")["QueueUrl"])


@pytest.fixture
def fifo_url(sqs: Any) -> str:
    return str(
        sqs.create_queue(QueueName="work.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    )
