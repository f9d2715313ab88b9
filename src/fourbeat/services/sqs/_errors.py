"""The errors SQS answers with, worded as AWS words them.

Modeled errors are raised by shape name (``QueueDoesNotExist``); the wire turns that into the
legacy query code AWS still reports (``AWS.SimpleQueueService.NonExistentQueue``, see
``wire/spec_patches.json``). ``InvalidParameterValue`` and ``MissingParameter`` are not modeled:
AWS sends them as bare query codes with status 400.
"""

from __future__ import annotations

from fourbeat.errors import AwsError


def queue_does_not_exist() -> AwsError:
    return AwsError("QueueDoesNotExist", "The specified queue does not exist.")


def invalid_parameter(message: str) -> AwsError:
    return AwsError("InvalidParameterValue", message, 400)


def invalid_value(parameter: str, value: object, reason: str) -> AwsError:
    """AWS's usual wording: ``Value X for parameter P is invalid. Reason: ...``."""
    return invalid_parameter(
        f"Value {value} for parameter {parameter} is invalid. Reason: {reason}"
    )


def missing_parameter(parameter: str) -> AwsError:
    return AwsError("MissingParameter", f"The request must contain the parameter {parameter}.", 400)


def not_for_this_queue_type(parameter: str, value: object) -> AwsError:
    # FIFO-only parameters on a standard queue, or per-message delays on a FIFO queue.
    return invalid_value(
        parameter, value, "The request include parameter that is not valid for this queue type."
    )


def receipt_handle_invalid(handle: str) -> AwsError:
    return AwsError(
        "ReceiptHandleIsInvalid",
        f'The input receipt handle "{handle}" is not a valid receipt handle.',
    )


def receipt_handle_expired(handle: str) -> AwsError:
    # FIFO queues refuse a handle once its visibility timeout has passed or the message was
    # received again: https://repost.aws/knowledge-center/sqs-receipt-handle-error
    return invalid_value("ReceiptHandle", handle, "The receipt handle has expired.")
