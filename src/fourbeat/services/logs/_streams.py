"""Log streams: create, delete, and describe (by name or by last event time).

A stream's storedBytes is always 0: CloudWatch Logs stopped reporting it for streams on
June 17, 2019 (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogStream.html).
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html
"""

from __future__ import annotations

import sqlite3
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.logs._common import LogsCore, page_position, page_token
from fourbeat.services.logs._names import invalid, stream_arn

DEFAULT_PAGE = 50
_EVENT_FIELDS = (
    ("firstEventTimestamp", "first_event"),
    ("lastEventTimestamp", "last_event"),
    ("lastIngestionTime", "last_ingestion"),
)


def insert_stream(db: sqlite3.Connection, region: str, group: str, name: str, created: int) -> None:
    """Add the stream, or ResourceAlreadyExistsException."""
    exists = db.execute(
        "select 1 from logs_streams where region = ? and group_name = ? and name = ?",
        (region, group, name),
    ).fetchone()
    if exists:
        raise AwsError("ResourceAlreadyExistsException", "The specified log stream already exists")
    db.execute(
        "insert into logs_streams (region, group_name, name, created) values (?, ?, ?, ?)",
        (region, group, name, created),
    )


def sequence_token(last_id: int) -> str:
    """A sequence token in AWS's shape (56 digits); PutLogEvents ignores the ones it gets."""
    return f"{last_id:056d}"


class StreamOperations(LogsCore):
    def CreateLogStream(self, request: Request, params: Params) -> Response:
        group, name = params["logGroupName"], params["logStreamName"]
        self.authorize_stream(request, group, name)
        with self.store.db.transaction() as db:
            self.group_row(request.region, group, db)
            insert_stream(db, request.region, group, name, self.now_ms())
        return {}

    def DeleteLogStream(self, request: Request, params: Params) -> Response:
        group, name = params["logGroupName"], params["logStreamName"]
        self.authorize_stream(request, group, name)
        key = (request.region, group, name)
        with self.store.db.transaction() as db:
            self.group_row(request.region, group, db)
            self.stream_row(request.region, group, name, db)
            db.execute(
                "delete from logs_events where region = ? and group_name = ? and stream = ?", key
            )
            db.execute(
                "delete from logs_streams where region = ? and group_name = ? and name = ?", key
            )
        return {}

    def DescribeLogStreams(self, request: Request, params: Params) -> Response:
        group = self.named_group(request, params)
        self.authorize_group(request, group)
        by_time = params.get("orderBy", "LogStreamName") == "LastEventTime"
        prefix = params.get("logStreamNamePrefix")
        if by_time and prefix:
            raise invalid("Cannot order by LastEventTime with a logStreamNamePrefix.")
        self.group_row(request.region, group)
        descending = bool(params.get("descending"))
        size = params.get("limit") or DEFAULT_PAGE
        where, args = self._stream_filters(request.region, group, params, by_time, descending)
        keys = ("coalesce(last_event, 0)", "name") if by_time else ("name",)
        order = ", ".join(f"{key} {'desc' if descending else 'asc'}" for key in keys)
        rows = (
            self._db()
            .execute(
                f"select * from logs_streams where {' and '.join(where)} order by {order} limit ?",
                [*args, size + 1],
            )
            .fetchall()
        )
        response: Response = {
            "logStreams": [self._described_stream(request, group, row) for row in rows[:size]]
        }
        if len(rows) > size:
            last = rows[size - 1]
            response["nextToken"] = page_token({"after": [last["last_event"] or 0, last["name"]]})
        return response

    def _stream_filters(
        self, region: str, group: str, params: Params, by_time: bool, descending: bool
    ) -> tuple[list[str], list[Any]]:
        where = ["region = ?", "group_name = ?"]
        args: list[Any] = [region, group]
        if prefix := params.get("logStreamNamePrefix"):
            where.append("substr(name, 1, ?) = ?")
            args += [len(prefix), prefix]
        position = page_position(params, "after")
        if position is not None:
            after = position["after"]
            if not isinstance(after, list) or len(after) != 2:
                raise invalid("The specified nextToken is invalid.")  # assumed wording
            comparison = "<" if descending else ">"
            if by_time:
                where.append(f"(coalesce(last_event, 0), name) {comparison} (?, ?)")
                args += after
            else:
                where.append(f"name {comparison} ?")
                args.append(after[1])
        return where, args

    def _described_stream(self, request: Request, group: str, row: sqlite3.Row) -> Response:
        stream: Response = {
            "logStreamName": row["name"],
            "creationTime": row["created"],
            "arn": stream_arn(request.region, request.account, group, row["name"]),
            "storedBytes": 0,
        }
        for field, column in _EVENT_FIELDS:
            if row[column] is not None:
                stream[field] = row[column]
        if row["last_id"] is not None:
            stream["uploadSequenceToken"] = sequence_token(row["last_id"])
        return stream
