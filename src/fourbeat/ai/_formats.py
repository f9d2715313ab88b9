"""Which format a document is in, told by its first bytes (never by a file name).

Textract reads PDF, PNG, JPEG and TIFF, and so do the engines.
https://docs.aws.amazon.com/textract/latest/dg/limits-document.html

This module imports only ``fourbeat.ai._errors``.
"""

from __future__ import annotations

import enum

from fourbeat.ai._errors import EmptyDocument, UnsupportedDocument


class DocumentFormat(enum.Enum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"

    @property
    def is_image(self) -> bool:
        return self is not DocumentFormat.PDF


_PDF_HEADER_WINDOW = 1024
"""PDF readers accept a header anywhere in the first kilobyte (ISO 32000-1, annex H.3)."""

_SIGNATURES: tuple[tuple[bytes, DocumentFormat], ...] = (
    (b"\x89PNG\r\n\x1a\n", DocumentFormat.PNG),
    (b"\xff\xd8\xff", DocumentFormat.JPEG),
    (b"II*\x00", DocumentFormat.TIFF),
    (b"MM\x00*", DocumentFormat.TIFF),
)


def detect_format(data: bytes) -> DocumentFormat:
    """The format of ``data``; ``UnsupportedDocument`` when it is none the engines read."""
    if not data:
        raise EmptyDocument("The document is empty (0 bytes).")
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return DocumentFormat.PDF
    raise UnsupportedDocument(
        f"The document's format is not supported: its first bytes {data[:8]!r} are not "
        "those of a PDF, PNG, JPEG or TIFF file."
    )
