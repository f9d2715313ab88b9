"""Reading events: GetLogEvents (one stream, paged both ways) and FilterLogEvents (a group's
streams interleaved by timestamp, through a filter pattern).

GetLogEvents' tokens have AWS's shape, ``f/`` or ``b/`` and 56 digits: the digits are the
position of an event (its timestamp and ingestion order), a forward token reads after it and
a backward one before it. A page with no events answers the token it was given, which is how
a reader knows it has reached the end. Its ``endTime`` is exclusive; FilterLogEvents'
``endTime`` is inclusive ("Events with a timestamp later than this time are not returned").
Pages stop at 10,000 events or 1 MB. Events past the group's retention are never returned.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from fourbeat.services._base import Params, Request, Response
from fourbeat.services.logs._common import LogsCore, cutoff, page_position, page_token
from fourbeat.services.logs._ingest import EVENT_OVERHEAD, MAX_BATCH_BYTES
from fourbeat.services.logs._names import invalid
from fourbeat.services.logs._pattern import FilterPatternError, Matcher, compile_pattern

MAX_EVENTS = 10_000
MAX_PAGE_BYTES = MAX_BATCH_BYTES
SPLIT = 10**36
"""A position is timestamp * SPLIT + event id, written as 56 digits."""
_TOKEN = re.compile(r"^([fb])/(\d{1,56})$")
DESCENDING_SINCE_MS = 1_704_067_200_000
"""FilterLogEvents reads newest first (startFromHead false) only from Jan 1, 2024 UTC on."""


def _position(row: sqlite3.Row) -> int:
    return int(row["timestamp"]) * SPLIT + int(row["id"])


def _stream_token(direction: str, position: int) -> str:
    return f"{direction}/{max(position, 0):056d}"


def _parse_stream_token(text: str) -> tuple[str, int]:
    match = _TOKEN.match(text)
    if match is None:
        raise invalid("The specified nextToken is invalid.")  # assumed wording
    return match[1], int(match[2])


def _within_size(rows: Iterable[sqlite3.Row], limit: int) -> list[sqlite3.Row]:
    page: list[sqlite3.Row] = []
    total = 0
    for row in rows:
        total += row["size"] + EVENT_OVERHEAD
        if len(page) >= limit or (page and total > MAX_PAGE_BYTES):
            break
        page.append(row)
    return page


class ReadOperations(LogsCore):
    def GetLogEvents(self, request: Request, params: Params) -> Response:
        group, stream = self.named_group(request, params), params["logStreamName"]
        self.authorize_stream(request, group, stream)
        db = self._db()
        retention = self.group_row(request.region, group, db)["retention"]
        self.stream_row(request.region, group, stream, db)
        token = _parse_stream_token(params["nextToken"]) if params.get("nextToken") else None
        forward = token[0] == "f" if token else bool(params.get("startFromHead"))
        where = ["region = ?", "group_name = ?", "stream = ?", "timestamp >= ?"]
        args: list[Any] = [request.region, group, stream]
        args.append(max(params.get("startTime", 0), cutoff(retention, self.now_ms())))
        if "endTime" in params:
            where.append("timestamp < ?")
            args.append(params["endTime"])
        if token:
            where.append(f"(timestamp, id) {'>' if forward else '<'} (?, ?)")
            args += divmod(token[1], SPLIT)
        order = "asc" if forward else "desc"
        rows = db.execute(
            f"select * from logs_events where {' and '.join(where)} "
            f"order by timestamp {order}, id {order}",
            args,
        )
        page = _within_size(rows, params.get("limit") or MAX_EVENTS)
        if not forward:
            page.reverse()
        events = [
            {"timestamp": r["timestamp"], "message": r["message"], "ingestionTime": r["ingested"]}
            for r in page
        ]
        return {"events": events, **_stream_tokens(page, token)}

    def FilterLogEvents(self, request: Request, params: Params) -> Response:
        group = self.named_group(request, params)
        self.authorize_group(request, group)
        if params.get("logStreamNames") and params.get("logStreamNamePrefix"):
            # assumed wording; the page says only that the two cannot both be given
            raise invalid("logStreamNames and logStreamNamePrefix are mutually exclusive.")
        try:
            matcher = compile_pattern(params.get("filterPattern", ""))
        except FilterPatternError as bad:
            raise invalid(bad.message) from None
        head = params.get("startFromHead", True)
        if not head and params.get("startTime", 0) < DESCENDING_SINCE_MS:
            raise invalid(  # assumed wording of a documented rule
                "startFromHead set to false requires a startTime on or after "
                "Jan 1, 2024 00:00:00 UTC."
            )
        db = self._db()
        retention = self.group_row(request.region, group, db)["retention"]
        low = max(params.get("startTime", 0), cutoff(retention, self.now_ms()))
        where, args = _event_filters(request.region, group, params, low, head)
        order = "asc" if head else "desc"
        rows = db.execute(
            f"select * from logs_events where {' and '.join(where)} "
            f"order by timestamp {order}, id {order}",
            args,
        )
        return _filtered_page(rows, matcher, params.get("limit") or MAX_EVENTS)


def _stream_tokens(page: list[sqlite3.Row], token: tuple[str, int] | None) -> Response:
    if page:
        return {
            "nextForwardToken": _stream_token("f", _position(page[-1])),
            "nextBackwardToken": _stream_token("b", _position(page[0])),
        }
    if token is None:
        return {
            "nextForwardToken": _stream_token("f", 0),
            "nextBackwardToken": _stream_token("b", 0),
        }
    direction, at = token
    if direction == "f":  # the end going forward: the same token, and a way back over it
        return {
            "nextForwardToken": _stream_token("f", at),
            "nextBackwardToken": _stream_token("b", at + 1),
        }
    return {
        "nextForwardToken": _stream_token("f", at - 1),
        "nextBackwardToken": _stream_token("b", at),
    }


def _event_filters(
    region: str, group: str, params: Params, low: int, head: bool
) -> tuple[list[str], list[Any]]:
    """The WHERE clause of a FilterLogEvents search from timestamp ``low`` on."""
    where = ["region = ?", "group_name = ?", "timestamp >= ?"]
    args: list[Any] = [region, group, low]
    if "endTime" in params:
        where.append("timestamp <= ?")
        args.append(params["endTime"])
    if names := params.get("logStreamNames"):
        where.append(f"stream in ({', '.join('?' for _ in names)})")
        args += names
    if prefix := params.get("logStreamNamePrefix"):
        where.append("substr(stream, 1, ?) = ?")
        args += [len(prefix), prefix]
    position = page_position(params, "after")
    if position is not None:
        after = position["after"]
        if not isinstance(after, list) or len(after) != 2:
            raise invalid("The specified nextToken is invalid.")  # assumed wording
        where.append(f"(timestamp, id) {'>' if head else '<'} (?, ?)")
        args += after
    return where, args


def _filtered_page(rows: Iterable[sqlite3.Row], matcher: Matcher, limit: int) -> Response:
    events: list[Response] = []
    total, more, last = 0, False, None
    for row in rows:
        if not matcher.matches(row["message"]):
            continue
        total += row["size"] + EVENT_OVERHEAD
        if len(events) >= limit or (events and total > MAX_PAGE_BYTES):
            more = True
            break
        last = row
        events.append(
            {
                "logStreamName": row["stream"],
                "timestamp": row["timestamp"],
                "message": row["message"],
                "ingestionTime": row["ingested"],
                "eventId": f"{row['timestamp']:020d}{row['id']:036d}",
            }
        )
    # searchedLogStreams has been an empty list since May 15, 2020 (API reference).
    response: Response = {"events": events, "searchedLogStreams": []}
    if more and last is not None:
        response["nextToken"] = page_token({"after": [last["timestamp"], last["id"]]})
    return response
