"""Event notifications: when an object is created or removed, a record for every matching
destination of the bucket's notification configuration, queued for delivery in the same
transaction as the change itself, so a committed write never loses its event.

The record is S3's own (event version 2.1): keys URL-encoded as S3 encodes them (spaces as
``+``), ``eTag`` without quotes, a ``sequencer`` that grows with each event of the bucket.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

from fourbeat.clock import as_datetime
from fourbeat.events import DELIVERY_KIND
from fourbeat.services._base import Request
from fourbeat.services.s3._notifications import DESTINATIONS
from fourbeat.services.s3._records import Bucket
from fourbeat.store import WorkQueue

OWNER_PRINCIPAL = "A3FOURBEATOWNER"
"""The bucket owner's principal id in records (S3 shows the owner's canonical id there)."""


@dataclass(frozen=True)
class ObjectEvent:
    name: str
    """Without the ``s3:`` prefix: ``ObjectCreated:Put``, ``ObjectRemoved:Delete`` …"""
    key: str
    size: int | None = None
    etag: str | None = None
    """Quoted, as stored; the record drops the quotes."""
    version_id: str | None = None
    """None in a bucket that was never versioned (the record then has no versionId)."""


def emit(
    db: sqlite3.Connection,
    queue: WorkQueue,
    bucket: Bucket,
    request: Request,
    event: ObjectEvent,
    now: float,
) -> None:
    """Queue the event for each destination whose events and key filter it matches."""
    config = bucket.notification or {}
    targets = [
        (entry, entry[arn_member])
        for member, arn_member, _, _ in DESTINATIONS
        for entry in config.get(member, [])
        if _matches(entry, event)
    ]
    if not targets:
        return
    sequencer = _next_sequencer(db)
    source = {"service": "s3.amazonaws.com", "arn": f"arn:aws:s3:::{bucket.name}"}
    source["account"] = bucket.account
    for entry, target in targets:
        record = _record(bucket, request, event, entry.get("Id", ""), sequencer, now)
        delivery = {"target": target, "message": {"Records": [record]}, "source": source}
        queue.put(DELIVERY_KIND, delivery, now, db=db)


def destination_test_event(bucket: Bucket, request: Request, now: float) -> dict[str, Any]:
    """What S3 sends a queue when a configuration names it, so the queue can be checked."""
    return {
        "Service": "Amazon S3",
        "Event": "s3:TestEvent",
        "Time": _time(now),
        "Bucket": bucket.name,
        "RequestId": request.request_id,
        "HostId": request.request_id,
    }


def _matches(entry: dict[str, Any], event: ObjectEvent) -> bool:
    wanted = f"s3:{event.name}"
    family = wanted.split(":", 2)[:2]
    if not any(
        name == wanted or (name.endswith(":*") and name[:-2].split(":") == family)
        for name in entry.get("Events", [])
    ):
        return False
    for rule in entry.get("Filter", {}).get("Key", {}).get("FilterRules", []):
        value = rule["Value"]
        if rule["Name"] == "Prefix" and not event.key.startswith(value):
            return False
        if rule["Name"] == "Suffix" and not event.key.endswith(value):
            return False
    return True


def _next_sequencer(db: sqlite3.Connection) -> str:
    row = db.execute("update s3_sequencer set value = value + 1 returning value").fetchone()
    return f"{row[0]:018X}"


def _record(
    bucket: Bucket,
    request: Request,
    event: ObjectEvent,
    configuration_id: str,
    sequencer: str,
    now: float,
) -> dict[str, Any]:
    obj: dict[str, Any] = {"key": quote_plus(event.key, safe="/")}
    if event.size is not None:
        obj["size"] = event.size
    if event.etag:
        obj["eTag"] = event.etag.strip('"')
    if event.version_id is not None:
        obj["versionId"] = event.version_id
    obj["sequencer"] = sequencer
    return {
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": bucket.region,
        "eventTime": _time(now),
        "eventName": event.name,
        "userIdentity": {"principalId": f"AWS:{request.principal.user_id}"},
        "requestParameters": {"sourceIPAddress": "127.0.0.1"},
        "responseElements": {
            "x-amz-request-id": request.request_id,
            "x-amz-id-2": request.request_id,
        },
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": configuration_id,
            "bucket": {
                "name": bucket.name,
                "ownerIdentity": {"principalId": OWNER_PRINCIPAL},
                "arn": f"arn:aws:s3:::{bucket.name}",
            },
            "object": obj,
        },
    }


def _time(now: float) -> str:
    return as_datetime(now).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(now * 1000) % 1000:03d}Z"
