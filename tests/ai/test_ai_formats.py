"""Formats are told by their first bytes, as Textract tells them, never by a name."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from fourbeat.ai import DocumentFormat, EmptyDocument, UnsupportedDocument, detect_format


def _image(kind: str, mode: str = "L") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (32, 32), 255).save(buffer, format=kind)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%...", DocumentFormat.PDF),
        (_image("PNG"), DocumentFormat.PNG),
        (_image("JPEG"), DocumentFormat.JPEG),
        (_image("TIFF"), DocumentFormat.TIFF),
        (b"MM\x00*\x00\x00\x00\x08", DocumentFormat.TIFF),
    ],
    ids=["pdf", "png", "jpeg", "tiff-little-endian", "tiff-big-endian"],
)
def test_format_is_told_by_magic_bytes(data: bytes, expected: DocumentFormat) -> None:
    assert detect_format(data) is expected
    assert expected.is_image is (expected is not DocumentFormat.PDF)


def test_pdf_header_may_follow_junk_within_the_first_kilobyte() -> None:
    assert detect_format(b"\x00" * 500 + b"%PDF-1.4\n") is DocumentFormat.PDF
    with pytest.raises(UnsupportedDocument):
        detect_format(b"\x00" * 1100 + b"%PDF-1.4\n")


@pytest.mark.parametrize(
    "data",
    [random.Random(7).randbytes(4096), _image("GIF", "P"), _image("BMP"), b"hello, world"],
    ids=["random-bytes", "gif", "bmp", "text"],
)
def test_other_formats_are_unsupported(data: bytes) -> None:
    with pytest.raises(UnsupportedDocument, match="PDF, PNG, JPEG or TIFF"):
        detect_format(data)


def test_empty_input_is_an_empty_document() -> None:
    with pytest.raises(EmptyDocument, match="0 bytes"):
        detect_format(b"")
