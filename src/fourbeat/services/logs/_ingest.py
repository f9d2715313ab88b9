"""Writing events: PutLogEvents with AWS's batch rules, and ``append`` for other services.

A batch fails as a whole when its events are out of chronological order, when it is larger
than 1,048,576 bytes (each message's UTF-8 length plus 26 bytes an event) or when it spans
more than 24 hours. Events more than 14 days old, older than the group's retention, or more
than 2 hours ahead are rejected one by one while the rest are kept, and reported as index
ranges in rejectedLogEventsInfo. Sequence tokens are accepted and ignored, as AWS now does.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Sequence
from itertools import pairwise

from fourbeat.services._base import Params, Request, Response
from fourbeat.services.logs._common import DAY_MS, LogsCore, cutoff
from fourbeat.services.logs._groups import insert_group
from fourbeat.services.logs._names import invalid
from fourbeat.services.logs._streams import insert_stream, sequence_token

MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD = 26
MAX_SPAN_MS = 24 * 3_600_000
MAX_AGE_MS = 14 * DAY_MS
MAX_AHEAD_MS = 2 * 3_600_000

Event = tuple[int, str]
"""(timestamp in milliseconds, message)."""


def check_batch(events: Sequence[Event]) -> None:
    """The rules that fail the whole batch."""
    timestamps = [timestamp for timestamp, _ in events]
    if any(later < earlier for earlier, later in pairwise(timestamps)):
        raise invalid("Log events in a single PutLogEvents request must be in chronological order.")
    size = sum(len(message.encode()) + EVENT_OVERHEAD for _, message in events)
    if size > MAX_BATCH_BYTES:
        raise invalid(f"Upload too large: {size} bytes exceeds limit of {MAX_BATCH_BYTES}")
    if timestamps[-1] - timestamps[0] > MAX_SPAN_MS:
        raise invalid(
            "The batch of log events in a single PutLogEvents request cannot span more than "
            "24 hours."
        )


def accepted_range(
    timestamps: Sequence[int], now: int, retention: int | None
) -> tuple[int, int, Response]:
    """The [start, end) slice of a sorted batch that is kept, and rejectedLogEventsInfo for
    the rest (too old and expired events lead the batch, too new ones trail it)."""
    too_old = bisect.bisect_left(timestamps, now - MAX_AGE_MS)
    expired = bisect.bisect_left(timestamps, cutoff(retention, now)) if retention else 0
    too_new = bisect.bisect_right(timestamps, now + MAX_AHEAD_MS)
    info: Response = {}
    if too_old:
        info["tooOldLogEventEndIndex"] = too_old  # exclusive, as the API reference says
    if expired:
        info["expiredLogEventEndIndex"] = expired
    if too_new < len(timestamps):
        info["tooNewLogEventStartIndex"] = too_new  # inclusive
    start = max(too_old, expired)
    return start, max(start, too_new), info


def store_events(
    db: sqlite3.Connection, region: str, group: str, stream: str, events: Sequence[Event], now: int
) -> None:
    """Insert the events and bring the stream's first, last and ingestion times up to date."""
    if not events:
        return
    db.executemany(
        "insert into logs_events (region, group_name, stream, timestamp, ingested, size, "
        "message) values (?, ?, ?, ?, ?, ?, ?)",
        [(region, group, stream, ts, now, len(msg.encode()), msg) for ts, msg in events],
    )
    last_id = db.execute("select last_insert_rowid()").fetchone()[0]
    first, last = min(ts for ts, _ in events), max(ts for ts, _ in events)
    db.execute(
        "update logs_streams set first_event = min(coalesce(first_event, ?), ?), "
        "last_event = max(coalesce(last_event, ?), ?), last_ingestion = ?, last_id = ? "
        "where region = ? and group_name = ? and name = ?",
        (first, first, last, last, now, last_id, region, group, stream),
    )


class IngestOperations(LogsCore):
    def PutLogEvents(self, request: Request, params: Params) -> Response:
        group, stream = params["logGroupName"], params["logStreamName"]
        self.authorize_stream(request, group, stream)
        events = [(e["timestamp"], e["message"]) for e in params["logEvents"]]
        check_batch(events)
        now = self.now_ms()
        with self.store.db.transaction() as db:
            row = self.group_row(request.region, group, db)
            self.stream_row(request.region, group, stream, db)
            timestamps = [timestamp for timestamp, _ in events]
            start, end, rejected = accepted_range(timestamps, now, row["retention"])
            store_events(db, request.region, group, stream, events[start:end], now)
            last_id = self.stream_row(request.region, group, stream, db)["last_id"]
        response: Response = {"nextSequenceToken": sequence_token(last_id or 0)}
        if rejected:
            response["rejectedLogEventsInfo"] = rejected
        return response

    def append(
        self,
        group: str,
        stream: str,
        events: Sequence[tuple[float, str]],
        region: str | None = None,
    ) -> None:
        """Write ``events`` ((epoch seconds, message) pairs) to the stream, creating the group
        and the stream when they are missing, as Lambda does for a function's logs. Not an
        API operation: no authorization, no batch limits; empty messages are dropped."""
        where = region or self.env.region
        now = self.now_ms()
        batch = sorted((int(seconds * 1000), message) for seconds, message in events if message)
        with self.store.db.transaction() as db:
            found = db.execute(
                "select 1 from logs_groups where region = ? and name = ?", (where, group)
            ).fetchone()
            if found is None:
                insert_group(db, where, group, now, {})
            stream_found = db.execute(
                "select 1 from logs_streams where region = ? and group_name = ? and name = ?",
                (where, group, stream),
            ).fetchone()
            if stream_found is None:
                insert_stream(db, where, group, stream, now)
            store_events(db, where, group, stream, batch, now)
