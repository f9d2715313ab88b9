"""What a worker process of the reader's pool runs.

A worker keeps one ``OcrEngine`` for its whole life, made the first time it reads a page
that needs OCR: creating Tesseract loads its model, which costs far more than a page of text.
That engine is this module's one piece of state, and it exists only inside pool workers,
which the reader starts and owns; the reader's own process never touches it.

This module imports only from ``fourbeat.ai``.
"""

from __future__ import annotations

from fourbeat.ai._model import Page
from fourbeat.ai._ocr import OcrEngine
from fourbeat.ai._pages import PageBatch, read_batch

_ocr: OcrEngine | None = None


def run(batch: PageBatch) -> list[Page]:
    global _ocr
    if _ocr is None:
        _ocr = OcrEngine()
    return read_batch(batch, _ocr)
