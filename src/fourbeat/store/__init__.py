"""The data directory: SQLite (WAL) for state, blob files for bodies, and the work queue.

A data directory holds ``cloud.db`` and ``blobs/``. Every process that opens the same directory
sees the same cloud. This package knows nothing of services: they declare their tables as a
``Schema`` and ``Store.migrate`` applies it.
"""

from __future__ import annotations

import json
from pathlib import Path

from fourbeat.errors import FourbeatError
from fourbeat.store._blobs import Blob, BlobStore
from fourbeat.store._db import Database, Schema
from fourbeat.store._queue import Claim, WorkQueue

__all__ = ["Blob", "BlobStore", "Claim", "Database", "Schema", "Store", "WorkQueue"]

FORMAT = 1
"""The layout of the data directory itself (files and folders), recorded in ``fourbeat.json``."""


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        _check_format(root)
        self.db = Database(root / "cloud.db")
        self.blobs = BlobStore(root / "blobs")
        self.queue = WorkQueue(self.db)

    def migrate(self, schema: Schema) -> None:
        self.db.migrate(schema)

    def close(self) -> None:
        self.db.close()


def _check_format(root: Path) -> None:
    marker = root / "fourbeat.json"
    if not marker.exists():
        marker.write_text(json.dumps({"format": FORMAT}) + "\n")
        return
    try:
        found = json.loads(marker.read_text())["format"]
    except (ValueError, KeyError, TypeError) as exc:
        raise FourbeatError(
            "the data directory's marker file is unreadable",
            where=str(marker),
            fix='It should read {"format": 1}; restore it or use another directory.',
        ) from exc
    if found > FORMAT:
        raise FourbeatError(
            f"the data directory was written by a newer fourbeat (format {found}; "
            f"this one reads up to {FORMAT})",
            where=str(root),
            fix="Upgrade fourbeat, or use another data directory.",
        )
