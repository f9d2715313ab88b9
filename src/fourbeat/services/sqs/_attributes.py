"""Queue attributes: AWS's defaults, the checks on values set, and what GetQueueAttributes shows.

Limits and defaults are those of the CreateQueue and SetQueueAttributes references
(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html);
MaximumMessageSize defaults to 1 MiB since AWS raised the limit in 2025. New queues get SSE-SQS
(SqsManagedSseEnabled ``true``) unless a KMS key is given, as AWS does since 2022. The JSON
policies that name other queues (RedrivePolicy, RedriveAllowPolicy) are checked in ``_redrive``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from fourbeat.errors import AwsError
from fourbeat.services.sqs._queue import Queue

DEFAULTS = {
    "DelaySeconds": "0",
    "MaximumMessageSize": "1048576",
    "MessageRetentionPeriod": "345600",
    "ReceiveMessageWaitTimeSeconds": "0",
    "VisibilityTimeout": "30",
    "SqsManagedSseEnabled": "true",
}
FIFO_DEFAULTS = {
    "FifoQueue": "true",
    "ContentBasedDeduplication": "false",
    "DeduplicationScope": "queue",
    "FifoThroughputLimit": "perQueue",
}
_RANGES = {
    "DelaySeconds": (0, 900),
    "MaximumMessageSize": (1024, 1_048_576),
    "MessageRetentionPeriod": (60, 1_209_600),
    "ReceiveMessageWaitTimeSeconds": (0, 20),
    "VisibilityTimeout": (0, 43_200),
    "KmsDataKeyReusePeriodSeconds": (60, 86_400),
}
_CHOICES = {
    "DeduplicationScope": ("messageGroup", "queue"),
    "FifoThroughputLimit": ("perQueue", "perMessageGroupId"),
}
_BOOLEANS = {"SqsManagedSseEnabled", "ContentBasedDeduplication", "FifoQueue"}
_FIFO_ONLY = {"FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"}
_FREE_TEXT = {"Policy", "RedrivePolicy", "RedriveAllowPolicy", "KmsMasterKeyId"}
REMOVABLE = _FREE_TEXT
"""Attributes that an empty value removes."""
_COMPUTED = (
    "QueueArn",
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
)
SETTABLE = set(_RANGES) | _BOOLEANS | set(_CHOICES) | _FREE_TEXT
READABLE = SETTABLE | set(_COMPUTED)


def unknown_attribute(name: str) -> AwsError:
    return AwsError("InvalidAttributeName", f"Unknown Attribute {name}.")


def invalid_attribute(name: str, reason: str = "") -> AwsError:
    suffix = f" Reason: {reason}" if reason else ""
    return AwsError("InvalidAttributeValue", f"Invalid value for the parameter {name}.{suffix}")


def initial(fifo: bool) -> dict[str, str]:
    return {**DEFAULTS, **(FIFO_DEFAULTS if fifo else {})}


def normalize(attributes: Mapping[str, str], fifo: bool) -> dict[str, str]:
    """The values as AWS stores them; unknown or inapplicable names and bad values refused."""
    out: dict[str, str] = {}
    for name, value in attributes.items():
        if name not in SETTABLE or (name in _FIFO_ONLY and not fifo and name != "FifoQueue"):
            raise unknown_attribute(name)
        out[name] = _normalize_value(name, str(value))
    _check_combination(out)
    return out


def _normalize_value(name: str, value: str) -> str:
    if name in _RANGES:
        low, high = _RANGES[name]
        try:
            number = int(value)
        except ValueError:
            raise invalid_attribute(name) from None
        if not low <= number <= high:
            raise invalid_attribute(name)
        return str(number)
    if name in _BOOLEANS:
        if value.lower() not in ("true", "false"):
            raise invalid_attribute(name)
        return value.lower()
    if name in _CHOICES:
        if value not in _CHOICES[name]:
            raise invalid_attribute(name)
        return value
    if name == "Policy" and value:
        _check_policy(value)
    return value


def _check_policy(text: str) -> None:
    try:
        policy = json.loads(text)
    except ValueError:
        raise invalid_attribute("Policy") from None
    if not isinstance(policy, dict) or "Statement" not in policy:
        raise invalid_attribute("Policy")


def _check_combination(attributes: Mapping[str, str]) -> None:
    if (
        attributes.get("FifoThroughputLimit") == "perMessageGroupId"
        and attributes.get("DeduplicationScope") == "queue"
    ):
        # High-throughput FIFO: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html
        raise invalid_attribute(
            "FifoThroughputLimit",
            "The perMessageGroupId value is allowed only when DeduplicationScope is messageGroup.",
        )
    if attributes.get("KmsMasterKeyId") and attributes.get("SqsManagedSseEnabled") == "true":
        raise invalid_attribute(
            "SqsManagedSseEnabled", "Only one server-side encryption option is supported per queue."
        )


def merge(current: Mapping[str, str], changes: Mapping[str, str]) -> dict[str, str]:
    """The attributes after ``changes``; SSE-KMS and SSE-SQS replace each other."""
    merged = dict(current)
    for name, value in changes.items():
        if name in REMOVABLE and value == "":
            merged.pop(name, None)
        else:
            merged[name] = value
    if changes.get("KmsMasterKeyId"):
        merged["SqsManagedSseEnabled"] = "false"
        merged.setdefault("KmsDataKeyReusePeriodSeconds", "300")
    elif changes.get("SqsManagedSseEnabled") == "true":
        merged.pop("KmsMasterKeyId", None)
        merged.pop("KmsDataKeyReusePeriodSeconds", None)
    if merged.get("FifoThroughputLimit") == "perMessageGroupId":
        _check_combination(merged)
    return merged


def requested(names: Iterable[str], fifo: bool) -> list[str]:
    """The attribute names a GetQueueAttributes call asks for, ``All`` expanded."""
    wanted: list[str] = []
    for name in names:
        if name == "All":
            wanted.extend(READABLE)
        elif name in READABLE:
            wanted.append(name)
        else:
            raise unknown_attribute(name)
    return [n for n in dict.fromkeys(wanted) if fifo or n not in _FIFO_ONLY]


def render(queue: Queue, counts: Mapping[str, int], names: Iterable[str]) -> dict[str, str]:
    """The attributes GetQueueAttributes returns; unset optional ones are left out, as AWS does."""
    computed = {
        "QueueArn": queue.arn,
        "CreatedTimestamp": str(int(queue.created)),
        "LastModifiedTimestamp": str(int(queue.modified)),
        **{name: str(count) for name, count in counts.items()},
    }
    out: dict[str, str] = {}
    for name in names:
        value = computed.get(name, queue.attributes.get(name))
        if value is not None:
            out[name] = value
    return out
