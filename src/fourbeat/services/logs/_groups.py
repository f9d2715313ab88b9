"""Log groups: create, delete, describe, and their retention policy.

https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import NotServedError, Params, Request, Response
from fourbeat.services.logs._common import LogsCore, cutoff, page_position, page_token
from fourbeat.services.logs._names import group_arn, group_from_identifier, invalid

DEFAULT_PAGE = 50
RETENTION_DAYS = (
    *(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827),
    *(2192, 2557, 2922, 3288, 3653),
)
"""The retention periods PutRetentionPolicy accepts, in days."""
MAX_TAGS = 50


def insert_group(
    db: sqlite3.Connection, region: str, name: str, created: int, settings: Params
) -> None:
    """Add the group, or ResourceAlreadyExistsException."""
    exists = db.execute(
        "select 1 from logs_groups where region = ? and name = ?", (region, name)
    ).fetchone()
    if exists:
        raise AwsError("ResourceAlreadyExistsException", "The specified log group already exists")
    db.execute(
        "insert into logs_groups (region, name, created, kms_key, class, tags) "
        "values (?, ?, ?, ?, ?, ?)",
        (
            region,
            name,
            created,
            settings.get("kmsKeyId"),
            settings.get("logGroupClass", "STANDARD"),
            json.dumps(settings.get("tags", {})),
        ),
    )


def check_tag_count(tags: dict[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise AwsError(
            "TooManyTagsException",
            f"A resource can have no more than {MAX_TAGS} tags.",  # assumed wording
        )


class GroupOperations(LogsCore):
    def CreateLogGroup(self, request: Request, params: Params) -> Response:
        name = params["logGroupName"]
        self.authorize_group(request, name)
        if name.startswith("aws/"):
            # "Log group names can't start with the string aws/" (CreateLogGroup page)
            raise invalid("Log group names can't start with the string aws/")
        if params.get("deletionProtectionEnabled"):
            raise NotServedError(
                "fourbeat does not serve log group deletion protection yet",
                fix="Create the log group without deletionProtectionEnabled.",
            )
        check_tag_count(params.get("tags", {}))
        with self.store.db.transaction() as db:
            insert_group(db, request.region, name, self.now_ms(), params)
        return {}

    def DeleteLogGroup(self, request: Request, params: Params) -> Response:
        name = params["logGroupName"]
        self.authorize_group(request, name)
        key = (request.region, name)
        with self.store.db.transaction() as db:
            self.group_row(request.region, name, db)
            db.execute("delete from logs_events where region = ? and group_name = ?", key)
            db.execute("delete from logs_streams where region = ? and group_name = ?", key)
            db.execute("delete from logs_groups where region = ? and name = ?", key)
        return {}

    def DescribeLogGroups(self, request: Request, params: Params) -> Response:
        self.authorize(
            request, "logs:DescribeLogGroups", group_arn(request.region, request.account, "*")
        )
        prefix, pattern = params.get("logGroupNamePrefix"), params.get("logGroupNamePattern")
        if prefix and pattern:
            raise invalid(  # assumed wording; the page says the two are mutually exclusive
                "LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters."
            )
        size = params.get("limit") or DEFAULT_PAGE
        where, args = self._group_filters(request, params)
        rows = (
            self._db()
            .execute(
                f"select * from logs_groups where {' and '.join(where)} order by name limit ?",
                [*args, size + 1],
            )
            .fetchall()
        )
        now = self.now_ms()
        groups = [
            self._described_group(request, row, now, brief=bool(pattern)) for row in rows[:size]
        ]
        response: Response = {"logGroups": groups}
        if len(rows) > size:
            response["nextToken"] = page_token({"after": rows[size - 1]["name"]})
        return response

    def PutRetentionPolicy(self, request: Request, params: Params) -> Response:
        name, days = params["logGroupName"], params["retentionInDays"]
        self.authorize_group(request, name)
        if days not in RETENTION_DAYS:
            allowed = ", ".join(str(d) for d in RETENTION_DAYS)
            raise invalid(
                f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to "
                f"satisfy constraint: Member must satisfy enum value set: [{allowed}]"
            )
        self._set_retention(request.region, name, days)
        return {}

    def DeleteRetentionPolicy(self, request: Request, params: Params) -> Response:
        name = params["logGroupName"]
        self.authorize_group(request, name)
        self._set_retention(request.region, name, None)
        return {}

    def _set_retention(self, region: str, name: str, days: int | None) -> None:
        with self.store.db.transaction() as db:
            self.group_row(region, name, db)
            db.execute(
                "update logs_groups set retention = ? where region = ? and name = ?",
                (days, region, name),
            )

    def _group_filters(self, request: Request, params: Params) -> tuple[list[str], list[Any]]:
        where: list[str] = ["region = ?"]
        args: list[Any] = [request.region]
        position = page_position(params, "after")
        if position is not None:
            where.append("name > ?")
            args.append(position["after"])
        if prefix := params.get("logGroupNamePrefix"):
            where.append("substr(name, 1, ?) = ?")
            args += [len(prefix), prefix]
        if pattern := params.get("logGroupNamePattern"):
            where.append("instr(name, ?) > 0")  # a case-sensitive substring search
            args.append(pattern)
        if group_class := params.get("logGroupClass"):
            where.append("class = ?")
            args.append(group_class)
        if identifiers := params.get("logGroupIdentifiers"):
            names = [group_from_identifier(i, request.region, request.account) for i in identifiers]
            where.append(f"name in ({', '.join('?' for _ in names)})")
            args += names
        return where, args

    def _described_group(
        self, request: Request, row: sqlite3.Row, now: int, brief: bool
    ) -> Response:
        arn = group_arn(request.region, request.account, row["name"])
        group: Response = {
            "logGroupName": row["name"],
            "creationTime": row["created"],
            "arn": f"{arn}:*",
        }
        if brief:  # with logGroupNamePattern, only these three come back
            return group
        if row["retention"] is not None:
            group["retentionInDays"] = row["retention"]
        if row["kms_key"] is not None:
            group["kmsKeyId"] = row["kms_key"]
        stored = self._db().execute(
            "select coalesce(sum(size), 0) from logs_events "
            "where region = ? and group_name = ? and timestamp >= ?",
            (request.region, row["name"], cutoff(row["retention"], now)),
        )
        group.update(
            metricFilterCount=0,
            storedBytes=stored.fetchone()[0],
            logGroupClass=row["class"],
            logGroupArn=arn,
        )
        return group
