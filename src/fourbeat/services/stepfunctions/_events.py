"""History events as rows: written at each checkpoint of a run, read by GetExecutionHistory.

An event is stored as the JSON of its ``HistoryEvent`` shape with the timestamp as epoch
seconds, and read back with the timestamp as the datetime botocore gives for a real one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from fourbeat.clock import as_datetime

_DATA_FIELDS = ("input", "output")
_DATA_DETAILS = ("inputDetails", "outputDetails")


def insert(db: sqlite3.Connection, arn: str, events: Iterable[dict[str, Any]]) -> None:
    db.executemany(
        "insert into sfn_events (execution_arn, id, event) values (?, ?, ?)",
        [(arn, e["id"], json.dumps(_stored(e))) for e in events],
    )


def read(db: sqlite3.Connection, arn: str) -> list[dict[str, Any]]:
    rows = db.execute(
        "select event from sfn_events where execution_arn = ? order by id", (arn,)
    ).fetchall()
    return [_loaded(json.loads(row[0])) for row in rows]


def last_id(db: sqlite3.Connection, arn: str) -> int:
    row = db.execute("select max(id) from sfn_events where execution_arn = ?", (arn,)).fetchone()
    return int(row[0] or 0)


def without_data(event: dict[str, Any]) -> dict[str, Any]:
    """The event as GetExecutionHistory shows it with includeExecutionData false."""
    shown = dict(event)
    for key, details in event.items():
        if key.endswith("EventDetails") and isinstance(details, dict):
            shown[key] = {k: v for k, v in details.items() if k not in _DATA_FIELDS + _DATA_DETAILS}
    return shown


def _stored(event: dict[str, Any]) -> dict[str, Any]:
    stamp = event["timestamp"]
    return {**event, "timestamp": stamp.timestamp() if isinstance(stamp, datetime) else stamp}


def _loaded(event: dict[str, Any]) -> dict[str, Any]:
    return {**event, "timestamp": as_datetime(event["timestamp"])}
