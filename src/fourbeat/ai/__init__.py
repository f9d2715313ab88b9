"""Local engines behind fourbeat's AI services. For now, documents: PDF text layers
(pypdfium2), OCR (Tesseract), layout into lines and reading order, and a reader that ties them
together over a process pool.

``ai`` imports nothing from the rest of fourbeat (services, store, iam): services call it,
never the reverse, and its errors are its own (``DocumentError`` and subclasses), which a
service maps to its API's error codes.
"""

from __future__ import annotations

from fourbeat.ai._errors import (
    BadDocument,
    DocumentError,
    EmptyDocument,
    EncryptedDocument,
    EngineFailure,
    ImageTooSmall,
    UnsupportedDocument,
)
from fourbeat.ai._formats import DocumentFormat, detect_format
from fourbeat.ai._images import ImageFile
from fourbeat.ai._layout import build_lines, layout, reading_order
from fourbeat.ai._model import BoundingBox, Line, Page, Source, Word
from fourbeat.ai._ocr import OcrEngine
from fourbeat.ai._pdf import PdfFile
from fourbeat.ai._reader import DocumentReader

__all__ = [
    "BadDocument",
    "BoundingBox",
    "DocumentError",
    "DocumentFormat",
    "DocumentReader",
    "EmptyDocument",
    "EncryptedDocument",
    "EngineFailure",
    "ImageFile",
    "ImageTooSmall",
    "Line",
    "OcrEngine",
    "Page",
    "PdfFile",
    "Source",
    "UnsupportedDocument",
    "Word",
    "build_lines",
    "detect_format",
    "layout",
    "reading_order",
]
