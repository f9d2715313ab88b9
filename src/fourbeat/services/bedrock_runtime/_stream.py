"""The response stream of ConverseStream and InvokeModelWithResponseStream.

On the wire these are AWS event streams that botocore decodes into an ``EventStream`` of
dicts (``{"contentBlockDelta": {...}}``, ``{"chunk": {"bytes": b"..."}}``). fourbeat answers
calls in process after botocore's parsing, so the stream is served already decoded: an
iterable of the same dicts with botocore's ``close()``, produced lazily, so the caller sees
the first token as soon as the model makes it. An engine failure mid-stream is raised as
botocore raises an error event, as ``EventStreamError`` with Bedrock's code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botocore.exceptions import EventStreamError

from fourbeat.ai.llm import LlmError


class EventStream:
    """Iterate once for the events; ``close()`` ends the generation early."""

    def __init__(self, events: Iterator[dict[str, Any]], operation: str = "ConverseStream"):
        self._events = events
        self._operation = operation

    def __iter__(self) -> Iterator[dict[str, Any]]:
        try:
            yield from self._events
        except LlmError as exc:
            error = {"Error": {"Code": "modelStreamErrorException", "Message": str(exc)}}
            raise EventStreamError(error, self._operation) from exc

    def close(self) -> None:
        close = getattr(self._events, "close", None)
        if close is not None:
            close()
