"""Task tokens: opaque to their holder, they name the execution they belong to, so an answer
(SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat) finds its way back without a lookup
table. Imports nothing outside the standard library.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets


def new_token(execution_arn: str) -> str:
    document = json.dumps({"e": execution_arn, "n": secrets.token_hex(16)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(document.encode()).decode()


def token_execution(token: str) -> str | None:
    """The execution ARN a token names, or None when it is not a token of ours."""
    try:
        document = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (binascii.Error, ValueError, UnicodeError):
        return None
    arn = document.get("e") if isinstance(document, dict) else None
    return arn if isinstance(arn, str) else None
