"""Shipping an invocation's log to CloudWatch Logs, as Lambda does: with the execution role.

Lambda writes each invocation's lines to the log group ``/aws/lambda/NAME`` and the worker's
log stream, creating them when missing, with the role's own permissions
(``logs:CreateLogGroup``, ``logs:CreateLogStream``, ``logs:PutLogEvents``, which
AWSLambdaBasicExecutionRole grants). A role without them keeps no logs, as on AWS; fourbeat
says so once per function in its own log.
https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

from botocore.exceptions import ClientError

from fourbeat.functions import Outcome

_log = logging.getLogger("fourbeat.lambda")


class LogShipper:
    def __init__(self) -> None:
        self._made: set[tuple[str, str]] = set()
        """(group, stream) pairs known to exist: each is created once."""
        self._warned: set[str] = set()

    def ship(self, logs: Any, row: sqlite3.Row, outcome: Outcome, started: float) -> None:
        """Write the invocation's lines, ``started`` being the caller's time at invocation."""
        group, stream = f"/aws/lambda/{row['name']}", outcome.log_stream
        lines = outcome.log.splitlines()
        ended = started + outcome.duration_ms / 1000
        events = [
            {"timestamp": int((ended if line.startswith(("END ", "REPORT ")) else started) * 1000),
             "message": line}
            for line in lines
            if line
        ]  # fmt: skip
        try:
            if (group, stream) not in self._made:
                _create(logs, "create_log_group", logGroupName=group)
                _create(logs, "create_log_stream", logGroupName=group, logStreamName=stream)
                self._made.add((group, stream))
            logs.put_log_events(logGroupName=group, logStreamName=stream, logEvents=events)
        except ClientError as error:
            if error.response["Error"]["Code"] not in ("AccessDenied", "AccessDeniedException"):
                raise
            if row["name"] not in self._warned:
                self._warned.add(row["name"])
                _log.warning(
                    "function %s keeps no logs: its role may not write them (%s)",
                    row["name"],
                    error.response["Error"]["Message"],
                )


def _create(logs: Any, operation: str, **params: str) -> None:
    try:
        getattr(logs, operation)(**params)
    except ClientError as error:
        if error.response["Error"]["Code"] != "ResourceAlreadyExistsException":
            raise
