"""Fixtures for the document-engine tests: one OCR engine per test process (Tesseract is
expensive to create, as it is in production)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fourbeat.ai import OcrEngine


@pytest.fixture(scope="session")
def ocr() -> Iterator[OcrEngine]:
    with OcrEngine() as engine:
        yield engine
