"""What the CloudWatch Logs operation groups share: the service's name and validation, rows of
groups and streams, which group a request names, retention cut-offs and page tokens.

Errors use the model's InvalidParameterException for every constraint botocore leaves to the
server, as CloudWatch Logs answers them.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from typing import Any

from fourbeat.services._base import Environment, Params, Request, Response, Service
from fourbeat.services._validation import check_constraints
from fourbeat.services.logs._names import (
    group_arn,
    group_from_identifier,
    group_missing,
    invalid,
    stream_arn,
    stream_missing,
)
from fourbeat.services.logs._schema import SCHEMA

DAY_MS = 86_400_000


class LogsCore(Service):
    name = "logs"

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        env.store.migrate(SCHEMA)

    def dispatch(self, request: Request, params: Params) -> Response:
        check_constraints(self.name, request.operation, params, "InvalidParameterException")
        return super().dispatch(request, params)

    def now_ms(self) -> int:
        return int(self.clock.now() * 1000)

    def _db(self) -> sqlite3.Connection:
        return self.store.db.read()

    def group_row(
        self, region: str, name: str, db: sqlite3.Connection | None = None
    ) -> sqlite3.Row:
        found: sqlite3.Row | None = (
            (db or self._db())
            .execute("select * from logs_groups where region = ? and name = ?", (region, name))
            .fetchone()
        )
        if found is None:
            raise group_missing()
        return found

    def stream_row(
        self, region: str, group: str, stream: str, db: sqlite3.Connection | None = None
    ) -> sqlite3.Row:
        found: sqlite3.Row | None = (
            (db or self._db())
            .execute(
                "select * from logs_streams where region = ? and group_name = ? and name = ?",
                (region, group, stream),
            )
            .fetchone()
        )
        if found is None:
            raise stream_missing()
        return found

    def named_group(self, request: Request, params: Params) -> str:
        """The group named by ``logGroupName`` or ``logGroupIdentifier`` (one, not both)."""
        name, identifier = params.get("logGroupName"), params.get("logGroupIdentifier")
        if name and identifier:
            raise invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.")
        if identifier:
            return group_from_identifier(identifier, request.region, request.account)
        if not name:
            # assumed wording
            raise invalid("Either logGroupName or logGroupIdentifier must be specified.")
        return str(name)

    def authorize_group(self, request: Request, group: str) -> None:
        arn = group_arn(request.region, request.account, group)
        self.authorize(request, f"logs:{request.operation}", arn)

    def authorize_stream(self, request: Request, group: str, stream: str) -> None:
        arn = stream_arn(request.region, request.account, group, stream)
        self.authorize(request, f"logs:{request.operation}", arn)


def cutoff(retention: int | None, now_ms: int) -> int:
    """The oldest timestamp a group with this retention still returns; events before it
    have expired (worked out on every read: nothing deletes them in the background)."""
    return 0 if retention is None else now_ms - retention * DAY_MS


def page_token(position: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode()


def page_position(params: Params, *keys: str) -> dict[str, Any] | None:
    """Where a page starts, from ``nextToken`` (None for the first page)."""
    text = params.get("nextToken")
    if not text:
        return None
    try:
        position = json.loads(base64.urlsafe_b64decode(text.encode()))
    except (binascii.Error, ValueError):
        position = None
    if not isinstance(position, dict) or any(key not in position for key in keys):
        raise invalid("The specified nextToken is invalid.")  # assumed wording
    return position
