"""The frames a function's worker and its parent exchange over a pair of pipes.

A frame is a JSON header and an opaque body (an event or a result, up to Lambda's 6 MB), each
prefixed by its length, so a payload is never escaped inside JSON. Plain files on both ends:
the parent waits for a reply with ``select`` (its timeout is the function's), the worker
blocks on its next invocation.

Imports nothing from fourbeat: the worker loads it before anything else.
"""

from __future__ import annotations

import json
import os
import select
from typing import Any

_LENGTH = 4
WORKER_VARIABLE = "_FOURBEAT_WORKER"
"""The worker's own settings (pipes, data directory, account), removed before the handler runs."""


class ChannelClosed(Exception):
    """The other end of the pipe is gone (the process exited or was killed)."""


def write_frame(fd: int, header: dict[str, Any], body: bytes = b"") -> None:
    encoded = json.dumps(header).encode()
    data = b"".join(
        (len(encoded).to_bytes(_LENGTH, "big"), encoded, len(body).to_bytes(_LENGTH, "big"), body)
    )
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError as exc:
        raise ChannelClosed from exc


def read_frame(fd: int, timeout: float | None = None) -> tuple[dict[str, Any], bytes] | None:
    """The next frame, or None if none began within ``timeout`` seconds (None: wait)."""
    if timeout is not None:
        ready, _, _ = select.select([fd], [], [], max(timeout, 0.0))
        if not ready:
            return None
    header = json.loads(_read_exactly(fd, int.from_bytes(_read_exactly(fd, _LENGTH), "big")))
    body = _read_exactly(fd, int.from_bytes(_read_exactly(fd, _LENGTH), "big"))
    return header, body


def _read_exactly(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise ChannelClosed
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
