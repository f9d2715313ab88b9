"""Receipt handles: opaque to the caller, they name the queue, the message and one receive.

Each receive issues a new handle (a fresh random token), so a handle tells which receive it came
from; what a stale handle may still do is decided where it is used (``_receipts``).
"""

from __future__ import annotations

import base64
import binascii
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class Receipt:
    queue_arn: str
    message_id: str
    token: str


def new_token() -> str:
    return secrets.token_urlsafe(24)


def receipt_handle(queue_arn: str, message_id: str, token: str) -> str:
    return base64.b64encode(f"{queue_arn} {message_id} {token}".encode()).decode()


def parse_receipt_handle(handle: str) -> Receipt | None:
    try:
        text = base64.b64decode(handle.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    parts = text.split(" ")
    if len(parts) != 3 or not parts[0].startswith("arn:aws:sqs:"):
        return None
    return Receipt(*parts)
