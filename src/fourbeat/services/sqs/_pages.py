"""Pagination of ListQueues and ListDeadLetterSourceQueues: MaxResults 1 to 1000, NextToken.

Without MaxResults AWS returns at most 1,000 results and no NextToken.
"""

from __future__ import annotations

import base64
import binascii
import json

from fourbeat.services.sqs._errors import invalid_parameter, invalid_value

MAX_RESULTS = 1000


def page(
    names: list[str], max_results: int | None, next_token: str | None
) -> tuple[list[str], str | None]:
    """The sorted names after ``next_token``, at most ``max_results``, and the next token."""
    if max_results is not None and not 1 <= max_results <= MAX_RESULTS:
        raise invalid_value(
            "MaxResults", max_results, f"MaxResults must be an integer between 1 and {MAX_RESULTS}."
        )
    after = _after(next_token) if next_token else None
    rest = [name for name in names if after is None or name > after]
    size = max_results or MAX_RESULTS
    chosen = rest[:size]
    more = max_results is not None and len(rest) > size
    return chosen, _token(chosen[-1]) if more else None


def _token(after: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode()


def _after(token: str) -> str:
    try:
        after = json.loads(base64.urlsafe_b64decode(token.encode()))["after"]
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise invalid_parameter("Invalid NextToken value.") from None
    return str(after)
