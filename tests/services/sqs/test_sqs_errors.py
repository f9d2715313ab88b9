"""SQS errors reach the caller as AWS sends them: legacy query code, shape name, status."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest
from _sqs_support import error_of

from fourbeat.services._base import service_model


def _patches() -> dict[str, Any]:
    text = resources.files("fourbeat.wire").joinpath("spec_patches.json").read_text()
    patches: dict[str, Any] = json.loads(text)["query_error_codes"]["sqs"]
    return patches


def test_every_modeled_sqs_error_has_its_legacy_query_code() -> None:
    shapes = {shape.name for shape in service_model("sqs").error_shapes}
    assert set(_patches()) == shapes


@pytest.mark.parametrize(
    ("shape", "code", "status"),
    [
        ("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400),
        ("QueueNameExists", "QueueAlreadyExists", 400),
        ("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 404),
        ("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403),
        ("OverLimit", "OverLimit", 403),
        ("KmsAccessDenied", "KMS.AccessDeniedException", 400),
        ("ResourceNotFoundException", "ResourceNotFoundException", 404),
    ],
)
def test_legacy_codes_and_statuses_match_aws(shape: str, code: str, status: int) -> None:
    assert _patches()[shape] == {"code": code, "type": "Sender", "status": status}


def test_nonexistent_queue_reads_as_on_aws(sqs: Any) -> None:
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as caught:
        sqs.send_message(QueueUrl="missing", MessageBody="m")
    assert error_of(caught) == {
        "Code": "AWS.SimpleQueueService.NonExistentQueue",
        "QueryErrorCode": "QueueDoesNotExist",
        "Type": "Sender",
        "Message": "The specified queue does not exist.",
        "Status": 400,
    }


def test_unmodeled_parameter_errors_carry_aws_code_and_400(sqs: Any, queue_url: str) -> None:
    with pytest.raises(sqs.exceptions.ClientError) as caught:
        sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=11)
    assert error_of(caught) == {
        "Code": "InvalidParameterValue",
        "Message": "Value 11 for parameter MaxNumberOfMessages is invalid. "
        "Reason: Must be between 1 and 10, if provided.",
        "Status": 400,
    }
