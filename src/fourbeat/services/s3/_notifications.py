"""Checking a bucket notification configuration the way PutBucketNotificationConfiguration does.

Only the document is checked here: ARNs, event names (the model's ``Event`` values), key
filters, overlaps. Delivering notifications is the events package's work, not this one's.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html
"""

from __future__ import annotations

import base64
import re
import uuid
from itertools import combinations
from typing import Any

from fourbeat.services._base import service_model
from fourbeat.services.s3._errors import invalid_argument, malformed_xml

# (configuration list, ARN member, service, resource pattern)
DESTINATIONS = (
    ("TopicConfigurations", "TopicArn", "sns", r"[\w-]+(\.fifo)?"),
    ("QueueConfigurations", "QueueArn", "sqs", r"[\w-]+(\.fifo)?"),
    ("LambdaFunctionConfigurations", "LambdaFunctionArn", "lambda", r"function:[\w-]+(:[\w$-]+)?"),
)
_ARN = r"^arn:aws:{service}:([a-z0-9-]+):(\d{{12}}):{resource}$"


def checked_configuration(config: dict[str, Any], bucket_region: str) -> dict[str, Any]:
    """The configuration as S3 stores it (Ids filled in, rule names capitalised), or the error
    S3 answers for it."""
    result: dict[str, Any] = {}
    entries: list[dict[str, Any]] = []
    for member, arn_member, service, resource in DESTINATIONS:
        if member not in config:
            continue
        checked = [
            _checked_entry(entry, arn_member, service, resource, bucket_region)
            for entry in config[member]
        ]
        if checked:
            result[member] = checked
            entries.extend(checked)
    _refuse_overlaps(entries)
    if "EventBridgeConfiguration" in config:
        result["EventBridgeConfiguration"] = {}
    return result


def _checked_entry(
    entry: dict[str, Any], arn_member: str, service: str, resource: str, bucket_region: str
) -> dict[str, Any]:
    arn = entry[arn_member]
    match = re.match(_ARN.format(service=service, resource=resource), arn)
    if match is None:
        raise invalid_argument("The ARN is not well formed", arn, arn)
    if match.group(1) != bucket_region:
        raise invalid_argument(
            "The notification destination service region is not valid for the bucket location "
            "constraint",
            arn,
            arn,
        )
    events = entry["Events"]
    if not events:
        raise malformed_xml()
    valid = service_model("s3").shape_for("Event").enum
    for event in events:
        if event not in valid:
            raise invalid_argument("The event is not supported for notifications", event, event)
    checked: dict[str, Any] = {
        "Id": entry.get("Id") or _new_id(),
        arn_member: arn,
        "Events": list(dict.fromkeys(events)),
    }
    if "Filter" in entry:
        checked["Filter"] = {"Key": {"FilterRules": _filter_rules(entry["Filter"])}}
    return checked


def _filter_rules(filter_: dict[str, Any]) -> list[dict[str, str]]:
    rules = filter_.get("Key", {}).get("FilterRules", [])
    seen: set[str] = set()
    result = []
    for rule in rules:
        name = rule.get("Name", "").lower()
        if name not in ("prefix", "suffix"):
            raise invalid_argument(
                "filter rule name must be either prefix or suffix", "FilterRule", rule.get("Name")
            )
        if name in seen:
            raise invalid_argument(
                f"Cannot specify more than one {name} rule in a filter.", "FilterRule", name
            )
        seen.add(name)
        result.append({"Name": name.capitalize(), "Value": rule.get("Value", "")})
    return result


def _refuse_overlaps(entries: list[dict[str, Any]]) -> None:
    """Two configurations may not both fire for one event on one key."""
    for first, second in combinations(entries, 2):
        if _events_overlap(first["Events"], second["Events"]) and _filters_overlap(first, second):
            raise invalid_argument(
                "Configurations overlap. Configurations on the same bucket cannot share a "
                "common event type.",
                "Event",
                ",".join(first["Events"]),
            )


def _events_overlap(first: list[str], second: list[str]) -> bool:
    return any(_event_covers(a, b) or _event_covers(b, a) for a in first for b in second)


def _event_covers(general: str, specific: str) -> bool:
    if general == specific:
        return True
    return general.endswith(":*") and specific.startswith(general[:-1])


def _filters_overlap(first: dict[str, Any], second: dict[str, Any]) -> bool:
    a, b = _rules(first), _rules(second)
    prefixes = a.get("Prefix", ""), b.get("Prefix", "")
    suffixes = a.get("Suffix", ""), b.get("Suffix", "")
    prefix_overlap = prefixes[0].startswith(prefixes[1]) or prefixes[1].startswith(prefixes[0])
    suffix_overlap = suffixes[0].endswith(suffixes[1]) or suffixes[1].endswith(suffixes[0])
    return prefix_overlap and suffix_overlap


def _rules(entry: dict[str, Any]) -> dict[str, str]:
    rules = entry.get("Filter", {}).get("Key", {}).get("FilterRules", [])
    return {rule["Name"]: rule["Value"] for rule in rules}


def _new_id() -> str:
    # S3 names a configuration sent without an Id by a base64-encoded UUID.
    return base64.b64encode(str(uuid.uuid4()).encode()).decode()
