"""What the Step Functions operation groups share: rows read as the API shows them, the
compiled-definition cache, and pagination tokens."""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Service
from fourbeat.services.stepfunctions._names import machine_arn, machine_missing
from fourbeat.states import Machine, load

if TYPE_CHECKING:
    from fourbeat.services.stepfunctions._runs import Runner

MAX_RESULTS = 1000
"""maxResults 0 means the default, 100; AWS allows at most 1000."""
DEFAULT_RESULTS = 100


@lru_cache(maxsize=256)
def compiled(definition: str) -> Machine:
    """A definition compiled once (definitions are immutable text once stored)."""
    return load(definition)


class StepFunctionsCore(Service):
    name = "stepfunctions"
    runner: Runner
    """Runs executions in the engine (built by the service class)."""

    def _db(self) -> sqlite3.Connection:
        return self.store.db.read()

    def _machine_row(self, arn: str, db: sqlite3.Connection | None = None) -> sqlite3.Row:
        machine_arn(arn)
        row = (db or self._db()).execute("select * from sfn_machines where arn = ?", (arn,))
        found: sqlite3.Row | None = row.fetchone()
        if found is None:
            raise machine_missing(arn)
        return found


def page_size(params: dict[str, Any]) -> int:
    size = int(params.get("maxResults") or DEFAULT_RESULTS)
    return min(size, MAX_RESULTS)


def token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def offset(params: dict[str, Any]) -> int:
    """Where the page starts, from ``nextToken`` (InvalidToken when it is not one of ours)."""
    text = params.get("nextToken")
    if not text:
        return 0
    try:
        value = json.loads(base64.urlsafe_b64decode(text.encode()))["offset"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise AwsError("InvalidToken", f"Invalid Token: '{text}'") from None
    if not isinstance(value, int) or value < 0:
        raise AwsError("InvalidToken", f"Invalid Token: '{text}'")
    return value
