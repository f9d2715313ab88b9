"""Reading pages: one document's pages, by index, into ``Page`` values, in whichever process
runs it (the reader's own, or a pool worker).

A PDF page with a text layer is read from it, exactly and without OCR; a page without one is
rendered at the reader's resolution and recognised. An image page is always recognised. The
words then go through layout into lines in reading order.

This module imports only from ``fourbeat.ai``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fourbeat.ai._formats import DocumentFormat
from fourbeat.ai._images import ImageFile
from fourbeat.ai._layout import layout
from fourbeat.ai._model import Page, Source
from fourbeat.ai._ocr import OcrEngine
from fourbeat.ai._pdf import PdfFile


@dataclass(frozen=True, slots=True)
class PageBatch:
    """Some pages of one document: what a worker is sent."""

    format: DocumentFormat
    data: bytes
    indexes: tuple[int, ...]
    dpi: int


def count_pages(kind: DocumentFormat, data: bytes) -> int:
    """How many pages ``data`` holds; raises the engine's error if it cannot be opened."""
    if kind is DocumentFormat.PDF:
        with PdfFile(data) as pdf:
            return pdf.page_count
    with ImageFile(data) as image:
        return image.page_count


def read_batch(batch: PageBatch, ocr: OcrEngine) -> list[Page]:
    if batch.format is DocumentFormat.PDF:
        with PdfFile(batch.data) as pdf:
            return [_pdf_page(pdf, index, batch.dpi, ocr) for index in batch.indexes]
    with ImageFile(batch.data) as image:
        return [_image_page(image, index, ocr) for index in batch.indexes]


def _pdf_page(pdf: PdfFile, index: int, dpi: int, ocr: OcrEngine) -> Page:
    width, height = pdf.page_size(index)
    words = pdf.words(index)
    source = Source.TEXT_LAYER
    if not words:
        words, source = ocr.words(pdf.render(index, dpi), dpi), Source.OCR
    return Page(index + 1, width, height, "pt", layout(words, height / width), source)


def _image_page(image: ImageFile, index: int, ocr: OcrEngine) -> Page:
    pixels, dpi = image.page(index)
    width, height = pixels.size
    words = ocr.words(pixels, dpi)
    return Page(index + 1, width, height, "px", layout(words, height / width), Source.OCR)


def batches(
    kind: DocumentFormat, data: bytes, indexes: Sequence[int], dpi: int, count: int
) -> list[PageBatch]:
    """``indexes`` in ``count`` runs of consecutive pages (as even as can be), so each worker
    opens the document once per run rather than once per page."""
    count = max(1, min(count, len(indexes)))
    size, extra = divmod(len(indexes), count)
    runs, start = [], 0
    for k in range(count):
        stop = start + size + (1 if k < extra else 0)
        runs.append(PageBatch(kind, data, tuple(indexes[start:stop]), dpi))
        start = stop
    return runs
