"""Helpers shared by the SQS tests."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def error_of(caught: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    """The parsed Error of a ClientError, with the HTTP status added as ``Status``."""
    response = caught.value.response
    return {**response["Error"], "Status": response["ResponseMetadata"]["HTTPStatusCode"]}


def send_from_another_process(path: str, region: str, sent: Any) -> None:
    """Run in a spawned process: open the same data directory with its own Cloud and send.

    Puts the monotonic time of the send on ``sent`` (a multiprocessing queue) so the parent
    can tell how long its long poll took to notice.
    """
    import time

    from fourbeat import Cloud

    with Cloud(path, region=region) as cloud:
        sqs = cloud.client("sqs")
        url = sqs.get_queue_url(QueueName="shared")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="from another process")
        sent.put(time.monotonic())
