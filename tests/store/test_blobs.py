"""Blob files are written streaming and appear whole or not at all."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from fourbeat.errors import FourbeatError
from fourbeat.store import BlobStore


def test_write_streams_and_reports_size_and_md5(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path)
    data = bytes(range(256)) * 10_000
    blob = blobs.write(io.BytesIO(data))
    assert (blob.size, blob.md5) == (len(data), hashlib.md5(data).hexdigest())
    assert blobs.read(blob.id) == data
    assert list((tmp_path / "tmp").iterdir()) == []


def test_write_accepts_bytes_and_chunk_iterables(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path)
    assert blobs.read(blobs.write(b"abc").id) == b"abc"
    assert blobs.read(blobs.write(iter([b"ab", b"c"])).id) == b"abc"


def test_a_missing_blob_says_the_data_directory_was_changed(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path)
    blob = blobs.write(b"x")
    blobs.delete(blob.id)
    with pytest.raises(FourbeatError, match="missing from the data directory"):
        blobs.open(blob.id)


def test_a_failing_source_leaves_no_partial_blob(tmp_path: Path) -> None:
    class Broken(io.RawIOBase):
        def read(self, size: int = -1) -> bytes:
            raise OSError(5, "Input/output error")

    blobs = BlobStore(tmp_path)
    with pytest.raises(FourbeatError, match="cannot write a blob"):
        blobs.write(Broken())
    assert list((tmp_path / "tmp").iterdir()) == []
