"""Blob files: object bodies and other large payloads, written streaming, never whole in memory.

A blob is written to a temporary file while its MD5 and size are computed, then renamed into
place under a fresh id, so a reader never sees half a blob. The caller records the id in the
database in the same transaction as the rest of its change; a blob whose id was never committed
(a crash in between) is unreachable and harmless.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from fourbeat.errors import FourbeatError

CHUNK = 1024 * 1024


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True)
class Blob:
    id: str
    size: int
    md5: str
    """Hex digest of the whole content."""


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._tmp = root / "tmp"
        self._tmp.mkdir(parents=True, exist_ok=True)

    def path(self, blob_id: str) -> Path:
        return self.root / blob_id[:2] / blob_id

    def write(self, content: bytes | Readable | Iterable[bytes]) -> Blob:
        blob_id = uuid.uuid4().hex
        digest = hashlib.md5()
        size = 0
        tmp = self._tmp / blob_id
        try:
            with open(tmp, "wb") as out:
                for chunk in _chunks(content):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
            final = self.path(blob_id)
            final.parent.mkdir(exist_ok=True)
            os.replace(tmp, final)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise FourbeatError(
                f"cannot write a blob: {exc.strerror}",
                where=str(self.root),
                fix="Free some disk space." if exc.errno == 28 else "",
            ) from exc
        return Blob(blob_id, size, digest.hexdigest())

    def open(self, blob_id: str) -> BinaryIO:
        try:
            return open(self.path(blob_id), "rb")
        except FileNotFoundError as exc:
            raise FourbeatError(
                f"blob {blob_id} is missing from the data directory",
                where=str(self.path(blob_id)),
                fix="The data directory was changed by hand; restore it from a copy.",
            ) from exc

    def read(self, blob_id: str) -> bytes:
        with self.open(blob_id) as f:
            return f.read()

    def delete(self, blob_id: str) -> None:
        self.path(blob_id).unlink(missing_ok=True)


def _chunks(content: bytes | Readable | Iterable[bytes]) -> Iterable[bytes]:
    if isinstance(content, bytes | bytearray | memoryview):
        yield bytes(content)
        return
    read = getattr(content, "read", None)
    if read is None:
        yield from content  # type: ignore[misc]
        return
    while chunk := read(CHUNK):
        yield chunk if isinstance(chunk, bytes) else chunk.encode()
