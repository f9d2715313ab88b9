"""Writing a sample PDF with fpdf2 while recording the truth of every word it places.

Only fpdf2's core fonts are used (Helvetica and Courier, regular and bold): they need no font
file, so nothing is looked up on the machine. Text is placed by its baseline, in points from
the page's top-left corner, one run at a time; a run is one line of the truth, split into words
at its spaces, each word's box measured with fpdf2's own character widths.

The output is deterministic: the creation date is fixed, and fpdf2 derives the file's
identifier from the content.

This module imports only ``fourbeat.ai._model`` and ``fourbeat.samples._truth``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Literal

from fpdf import FPDF

from fourbeat.ai._model import BoundingBox
from fourbeat.samples._truth import PageTruth, TruthWord

Family = Literal["Helvetica", "Courier"]

FONT_BOUNDS: dict[tuple[Family, str], tuple[float, float]] = {
    ("Helvetica", ""): (0.945, 0.224),
    ("Helvetica", "B"): (0.962, 0.227),
    ("Courier", ""): (0.803, 0.248),
    ("Courier", "B"): (0.811, 0.248),
}
"""Ascent above and descent below the baseline, in ems, of each core font as PDF viewers lay
it out (the bounds of PDFium's built-in faces for these base-14 fonts): a word's box spans
them."""

_CREATED = datetime.datetime(2024, 1, 2, 9, 30, tzinfo=datetime.UTC)


@dataclass
class _PageRecord:
    words: list[TruthWord] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


class Pen:
    """One PDF being written, page by page, with the truth of what it says."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.pdf = FPDF(unit="pt", format=(width, height))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_creation_date(_CREATED)
        self.pdf.set_margin(0)
        self._pages: list[_PageRecord] = []
        self._font: tuple[Family, str, float] = ("Helvetica", "", 10.0)
        self.new_page()

    def new_page(self, size: tuple[float, float] | None = None) -> None:
        """Start a page, of ``size`` (points) if given (boxes stay ratios of the first size)."""
        self.pdf.add_page(format=size or (self.width, self.height))
        self._pages.append(_PageRecord())
        self.font(*self._font)

    def font(self, family: Family = "Helvetica", style: str = "", size: float = 10) -> None:
        assert (family, style) in FONT_BOUNDS, f"no core font {family!r} {style!r} here"
        self._font = (family, style, size)
        self.pdf.set_font(family, style=style, size=size)

    def measure(self, text: str) -> float:
        """The width of ``text`` in points in the current font."""
        return float(self.pdf.get_string_width(text))

    def text(self, x: float, baseline: float, text: str) -> BoundingBox:
        """Write ``text`` starting at ``x``; returns the run's box (ratios of the page)."""
        return self.run(x, baseline, [text])[0]

    def run(self, x: float, baseline: float, parts: list[str]) -> list[BoundingBox]:
        """Write ``parts`` as one run, a space apart, starting at ``x``; returns each part's
        box (a label and its value on one line, say)."""
        text = " ".join(parts)
        assert text and "  " not in text and text == text.strip(), f"bad run {text!r}"
        self.pdf.text(x, baseline, text)
        record = self._pages[-1]
        record.lines.append(text)
        offset = 0
        for word in text.split(" "):
            left = x + self.measure(text[:offset])
            record.words.append(TruthWord(word, self.box(left, baseline, self.measure(word))))
            offset += len(word) + 1
        boxes, offset = [], 0
        for part in parts:
            left = x + self.measure(text[:offset])
            boxes.append(self.box(left, baseline, self.measure(part)))
            offset += len(part) + 1
        return boxes

    def run_width(self, parts: list[str]) -> float:
        return self.measure(" ".join(parts))

    def right(self, x: float, baseline: float, text: str) -> BoundingBox:
        """Write ``text`` so that it ends at ``x``."""
        return self.text(x - self.measure(text), baseline, text)

    def center(self, x: float, baseline: float, text: str) -> BoundingBox:
        """Write ``text`` centred on ``x``."""
        return self.text(x - self.measure(text) / 2, baseline, text)

    def box(self, x: float, baseline: float, width: float) -> BoundingBox:
        """The box of text ``width`` points wide set at ``x`` on ``baseline``."""
        family, style, size = self._font
        ascent, descent = FONT_BOUNDS[(family, style)]
        return self.ratio_box(x, baseline - ascent * size, x + width, baseline + descent * size)

    def ratio_box(self, left: float, top: float, right: float, bottom: float) -> BoundingBox:
        """Edges in points as a box in ratios of the page."""
        return BoundingBox.from_edges(
            left / self.width, top / self.height, right / self.width, bottom / self.height
        )

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.6) -> None:
        self.pdf.set_line_width(width)
        self.pdf.line(x0, y0, x1, y1)

    def checkbox(self, x: float, top: float, size: float, selected: bool) -> BoundingBox:
        """A square at (``x``, ``top``), crossed when ``selected``; drawn, so not text."""
        self.pdf.set_line_width(0.8)
        self.pdf.rect(x, top, size, size)
        if selected:
            inset = size * 0.2
            self.pdf.set_line_width(1.4)
            self.pdf.line(x + inset, top + inset, x + size - inset, top + size - inset)
            self.pdf.line(x + inset, top + size - inset, x + size - inset, top + inset)
        return self.ratio_box(x, top, x + size, top + size)

    def page_truth(self, index: int = -1, **extras: Any) -> PageTruth:
        """The truth of a page written so far, with what else it holds (fields, tables...)."""
        record = self._pages[index]
        return PageTruth(
            self.width, self.height, tuple(record.words), tuple(record.lines), **extras
        )

    def output(self) -> bytes:
        return bytes(self.pdf.output())
