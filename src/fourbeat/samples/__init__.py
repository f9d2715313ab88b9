"""Sample documents with their truth, made from a seed: invoices, receipts, a form, a
two-column article; as PDFs with a text layer, PDFs of page images, and noisy scans.

Used by ``fourbeat demo``, the tests and the benchmarks. Everything is deterministic (the same
seed gives the same bytes), uses only fpdf2's core fonts, and reads nothing from the machine.
``samples`` imports only ``fourbeat.ai`` (for ``BoundingBox``) from the rest of fourbeat.

::

    doc = invoice(7)                         # PDF with a text layer
    flat = rasterize(doc, dpi=150)           # the same pages as images in a PDF
    photo = scan(doc, output="jpeg")         # rotated, noisy 300-dpi scan
    pages = scan(bundle(invoice(1), form(2)), output="tiff")   # a two-page TIFF
"""

from __future__ import annotations

from fourbeat.samples._article import article
from fourbeat.samples._bundle import bundle
from fourbeat.samples._form import form
from fourbeat.samples._invoice import invoice
from fourbeat.samples._receipt import receipt
from fourbeat.samples._scan import CLEAN, Noise, rasterize, render, scan
from fourbeat.samples._truth import (
    Cell,
    Checkbox,
    Field,
    PageTruth,
    Sample,
    SampleFormat,
    TruthWord,
)

__all__ = [
    "CLEAN",
    "Cell",
    "Checkbox",
    "Field",
    "Noise",
    "PageTruth",
    "Sample",
    "SampleFormat",
    "TruthWord",
    "article",
    "bundle",
    "form",
    "invoice",
    "rasterize",
    "receipt",
    "render",
    "scan",
]
