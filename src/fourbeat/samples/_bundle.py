"""Several samples as one multi-page document: their PDFs' pages in order, their truths
concatenated.

This module imports only ``fourbeat.samples._truth``.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pypdfium2

from fourbeat.samples._truth import Sample


def bundle(*samples: Sample) -> Sample:
    """One PDF holding the pages of ``samples`` (PDFs, all with or all without text layers)."""
    assert samples, "bundle needs at least one sample"
    assert all(s.format == "pdf" for s in samples), "only PDF samples can be bundled"
    assert len({s.text_layer for s in samples}) == 1, "mixing text and image PDFs"
    merged = pypdfium2.PdfDocument.new()
    try:
        for sample in samples:
            source = pypdfium2.PdfDocument(sample.data)
            merged.import_pages(source)
            source.close()
        buffer = io.BytesIO()
        merged.save(buffer)
    finally:
        merged.close()
    pages = tuple(page for sample in samples for page in sample.pages)
    kind = "+".join(sample.kind for sample in samples)
    return replace(samples[0], kind=kind, data=buffer.getvalue(), pages=pages)
