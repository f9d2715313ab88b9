"""What a sample document really says, and where: the truth its engines' output is checked
against.

Boxes are ``fourbeat.ai.BoundingBox`` values (ratios of the page, origin top-left, as Textract
gives them). A word's box runs from where its first character starts to where its last one
ends, and from the font's ascent above the baseline to its descent below, which is how a PDF
text layer places it. For a scan, each box is the axis-aligned box around the word's box
turned with the page.

Expense fields use Textract's ``AnalyzeExpense`` type names (``VENDOR_NAME``, ``TOTAL``, ...).
https://docs.aws.amazon.com/textract/latest/dg/invoices-receipts.html

This module imports only ``fourbeat.ai._model``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fourbeat.ai._model import BoundingBox

SampleFormat = Literal["pdf", "png", "jpeg", "tiff"]


@dataclass(frozen=True, slots=True)
class TruthWord:
    text: str
    box: BoundingBox


@dataclass(frozen=True, slots=True)
class Field:
    """A key and its value on a form (``VALUE`` may be empty)."""

    key: str
    value: str
    key_box: BoundingBox
    value_box: BoundingBox | None


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a table; rows and columns count from 1, as Textract's do."""

    row: int
    column: int
    text: str
    box: BoundingBox


@dataclass(frozen=True, slots=True)
class Checkbox:
    label: str
    selected: bool
    box: BoundingBox


@dataclass(frozen=True, slots=True)
class PageTruth:
    """One page: its size (points for a PDF, pixels for an image), its words and lines in
    reading order, and what it holds."""

    width: float
    height: float
    words: tuple[TruthWord, ...]
    lines: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    tables: tuple[tuple[Cell, ...], ...] = ()
    checkboxes: tuple[Checkbox, ...] = ()
    summary: dict[str, str] = field(default_factory=dict)
    """Expense fields by Textract type (``VENDOR_NAME``, ``INVOICE_RECEIPT_ID``, ``TOTAL``...)."""
    line_items: tuple[dict[str, str], ...] = ()
    """Expense line items: ``ITEM``, ``QUANTITY``, ``UNIT_PRICE``, ``PRICE``."""


@dataclass(frozen=True, slots=True)
class Sample:
    """A generated document: its bytes, its format, and the truth of each page."""

    kind: str
    seed: int
    data: bytes
    format: SampleFormat
    text_layer: bool
    pages: tuple[PageTruth, ...]

    @property
    def words(self) -> tuple[TruthWord, ...]:
        return tuple(word for page in self.pages for word in page.words)
