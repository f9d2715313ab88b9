"""The rules every SQS batch operation shares: 1 to 10 entries with distinct, well-formed ids,
and a per-entry Successful or Failed result (a batch answers 200 even when entries fail).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fourbeat.errors import AwsError

MAX_ENTRIES = 10
_ENTRY_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
# A failed entry carries the query code, which differs from the shape name for this one.
_ENTRY_CODES = {"MessageNotInflight": "AWS.SimpleQueueService.MessageNotInflight"}


def check_entries(entries: Sequence[dict[str, Any]], entry_name: str) -> None:
    if not entries:
        raise AwsError(
            "EmptyBatchRequest", f"There should be at least one {entry_name} in the request."
        )
    if len(entries) > MAX_ENTRIES:
        raise AwsError(
            "TooManyEntriesInBatchRequest",
            f"Maximum number of entries per request are {MAX_ENTRIES}. "
            f"You have sent {len(entries)}.",
        )
    seen: set[str] = set()
    for entry in entries:
        entry_id = entry["Id"]
        if not _ENTRY_ID.match(entry_id):
            raise AwsError(
                "InvalidBatchEntryId",
                "A batch entry id can only contain alphanumeric characters, hyphens and "
                "underscores. It can be at most 80 letters long.",
            )
        if entry_id in seen:
            raise AwsError("BatchEntryIdsNotDistinct", f"Id {entry_id} repeated.")
        seen.add(entry_id)


def failure(entry_id: str, error: AwsError) -> dict[str, Any]:
    return {
        "Id": entry_id,
        "SenderFault": True,
        "Code": _ENTRY_CODES.get(error.code, error.code),
        "Message": error.message,
    }
