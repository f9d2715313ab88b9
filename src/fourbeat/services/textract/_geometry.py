"""A page's lines placed for analysis: straightened against the page's skew, and grouped
into rows.

The engines give boxes as the page shows them, and a scan is often turned a degree or two:
across a Letter page that moves the far end of a row by more than a line's height, so rows
cannot be found from raw tops. Each line is placed in a frame sheared by the page's slope (the
median slope of its lines of two or more words, in page-height ratios per page-width ratio):
``y' = y - (x - 0.5) * slope``. A shear rather than a rotation: at two degrees the two differ
by far less than a pixel's width in x.

This module imports only ``fourbeat.ai``.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fourbeat.ai import BoundingBox, Line, Page, Word

_MAX_SLOPE = 0.1
"""Slopes steeper than this (about 6 degrees) are not a scanner's skew: left as they are."""


@dataclass(frozen=True, slots=True)
class Placed:
    """A line of the page (``index`` in ``Page.lines``) and its straightened extent."""

    index: int
    line: Line
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def box(self) -> BoundingBox:
        return self.line.box


def place(page: Page) -> list[Placed]:
    """Every line of ``page``, in reading order, placed in the straightened frame."""
    slope = page_slope(page.lines)
    placed = []
    for index, line in enumerate(page.lines):
        box = line.box
        shift = (box.left + box.width / 2 - 0.5) * slope
        placed.append(Placed(index, line, box.left, box.top - shift, box.right, box.bottom - shift))
    return placed


def page_slope(lines: Sequence[Line]) -> float:
    slopes = []
    for line in lines:
        if len(line.words) < 2:
            continue
        (x0, y0), (x1, y1) = line.words[0].box.center, line.words[-1].box.center
        if x1 - x0 > 0.02:
            slopes.append((y1 - y0) / (x1 - x0))
    slope = statistics.median(slopes) if slopes else 0.0
    return slope if abs(slope) <= _MAX_SLOPE else 0.0


def rows(placed: Iterable[Placed]) -> list[list[Placed]]:
    """``placed`` in rows, top to bottom, each left to right: a line joins the row above when
    they overlap by half the smaller height."""
    found: list[list[Placed]] = []
    for item in sorted(placed, key=lambda p: p.middle):
        row = found[-1] if found else None
        if row is not None and _same_row(row, item):
            row.append(item)
        else:
            found.append([item])
    return [sorted(row, key=lambda p: p.left) for row in found]


def _same_row(row: list[Placed], item: Placed) -> bool:
    top = min(p.top for p in row)
    bottom = max(p.bottom for p in row)
    overlap = min(bottom, item.bottom) - max(top, item.top)
    return overlap >= 0.5 * min(item.height, bottom - top)


def median_height(placed: Iterable[Placed]) -> float:
    heights = [p.height for p in placed]
    return statistics.median(heights) if heights else 0.0


def union(words: Iterable[Word]) -> BoundingBox:
    return BoundingBox.union(word.box for word in words)


_MARKER = re.compile(r"^([\u2022\u00b7\u25aa\u25e6*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])$")
"""A list item's marker: a bullet, a dash, ``1.``, ``(2)``, ``a)``."""


def starts_with_marker(p: Placed) -> bool:
    words = p.line.words
    return len(words) > 1 and bool(_MARKER.match(words[0].text))


_NUMBER = re.compile(r"^[($€£-]*\$?-?\d[\d,]*(\.\d+)?%?\)?$")
_AMOUNT = re.compile(r"^[($€£-]*\$?-?\d[\d,]*\.\d{2}\)?$")


def is_number(text: str) -> bool:
    """A count, a price or a percentage: ``9``, ``1,998.70``, ``$4,142.53``, ``7.25%``."""
    return bool(_NUMBER.match(text.strip()))


def is_amount(text: str) -> bool:
    """Money with cents: ``22.64``, ``$3,862.50``."""
    return bool(_AMOUNT.match(text.strip()))
