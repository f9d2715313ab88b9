"""Words into lines, and lines into reading order, from their boxes alone.

Lines: words are taken left to right, and each joins the line whose last word sits beside it
(overlapping it vertically by half the smaller height, with a gap of at most one and a half
times the text's height, both measured in the same unit); a wider gap starts a new line, as
Textract splits a line at a wide gap. An OCR box is only as tall as the ink, and a space in a
monospaced font is wider than a digit is tall: a receipt's words sit more than one height
apart. Chaining each
word to the last one, rather than to the whole line, keeps the lines of a slightly rotated
scan together.

Reading order is a recursive XY cut, done in a frame turned by the page's skew (the median
slope of its lines) so a rotated scan cuts like a straight one. A region is cut

1. across, at every gap at least as tall as the text's line height (a blank line: title and
   body, blocks of a form, head and foot of an invoice);
2. else down its widest gutter, when the gutter is at least a line height wide and both sides
   hold at least two lines of running text (two or more words a line, in the median): the
   columns of an article, or side-by-side blocks, are read one after the other; a table,
   whose cells are mostly single words, is not cut down and so reads row by row;
3. else into rows, top to bottom (lines that overlap vertically share a row), each row left
   to right.

This module imports only ``fourbeat.ai._model``.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fourbeat.ai._model import BoundingBox, Line, Word

_LINE_GAP = 1.5
"""Widest gap between two words of one line, in text heights (measured on scanned Courier
receipts 1, 5 and 9: 0.85 to 1.32 heights between the words of a line, 1.1 in the median)."""
_BLANK_LINE = 1.0
"""Narrowest gap, in line heights, that cuts a region across."""
_GUTTER = 1.0
"""Narrowest gutter, in line heights, that may cut a region down."""
_MIN_SKEW = math.radians(0.1)


def layout(words: Sequence[Word], aspect: float = 1.0) -> tuple[Line, ...]:
    """The lines of ``words`` in reading order. ``aspect`` is the page's height / width (the
    boxes are ratios of each side, so a slope needs it)."""
    return reading_order(build_lines(words, aspect), aspect)


def build_lines(words: Sequence[Word], aspect: float = 1.0) -> list[Line]:
    """Group ``words`` into lines, each left to right (in no particular order of lines).
    ``aspect`` is the page's height / width: a gap across (a ratio of the width) is measured
    against the text's height (a ratio of the height) in the same unit."""
    if not words:
        return []
    ordered = sorted(words, key=lambda w: (w.box.left, w.box.top))
    # Two words overlap by half the smaller height only if their middles are at most half
    # the taller height apart: lines are kept in bands of the median height, by their last
    # word's middle, and a word looks only as many bands away as that allows.
    band = statistics.median(w.box.height for w in ordered) or 1.0
    span = max(1, math.ceil(max(w.box.height for w in ordered) / (2 * band)))
    bands: dict[int, list[_Chain]] = defaultdict(list)
    lines: list[_Chain] = []
    for word in ordered:
        box = word.box
        at = int((box.top + box.height / 2) / band)
        near = [line for k in range(at - span, at + span + 1) for line in bands.get(k, ())]
        best = _best_line(near, box, aspect)
        if best is None:
            best = _Chain([], box)
            lines.append(best)
        else:
            bands[int((best.last.top + best.last.height / 2) / band)].remove(best)
        best.words.append(word)
        best.last = box
        bands[at].append(best)
    return [Line(tuple(line.words)) for line in lines]


@dataclass(slots=True, eq=False)
class _Chain:
    """A line being built, and the box of its last word."""

    words: list[Word]
    last: BoundingBox


def _best_line(lines: list[_Chain], box: BoundingBox, aspect: float) -> _Chain | None:
    """The line ``box`` continues best: beside its last word, overlapping it the most."""
    best, best_overlap = None, 0.5
    left, top, height = box.left, box.top, box.height
    bottom = top + height
    for line in lines:
        last = line.last
        taller, shorter = (height, last.height) if height > last.height else (last.height, height)
        gap = (left - (last.left + last.width)) / aspect  # in page heights, as the heights
        if gap > _LINE_GAP * taller or gap < -taller / 2:
            continue
        low = bottom if bottom < last.top + last.height else last.top + last.height
        high = top if top > last.top else last.top
        overlap = (low - high) / (shorter or 1e-9)
        if overlap >= best_overlap:
            best, best_overlap = line, overlap
    return best


@dataclass(frozen=True, slots=True)
class _Item:
    """A line's box in the deskewed frame (x in page widths, y in page widths too)."""

    line: Line
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


_Span = Callable[[_Item], tuple[float, float]]


def reading_order(lines: Sequence[Line], aspect: float = 1.0) -> tuple[Line, ...]:
    """``lines`` in reading order (see the module's docstring)."""
    angle = skew(lines, aspect)
    items = [_deskewed(line, angle, aspect) for line in lines]
    return tuple(item.line for item in _order(items))


def skew(lines: Sequence[Line], aspect: float = 1.0) -> float:
    """The page's skew in radians (positive: text runs down to the right), from the slope
    between the first and last word of each line of two or more words."""
    slopes = []
    for line in lines:
        if len(line.words) < 2:
            continue
        (x0, y0), (x1, y1) = line.words[0].box.center, line.words[-1].box.center
        if x1 - x0 > 0:
            slopes.append(math.atan2((y1 - y0) * aspect, x1 - x0))
    angle = statistics.median(slopes) if slopes else 0.0
    return angle if abs(angle) >= _MIN_SKEW else 0.0


def _deskewed(line: Line, angle: float, aspect: float) -> _Item:
    if not angle:
        box = line.box
        return _Item(line, box.left, box.top * aspect, box.right, box.bottom * aspect)
    cos, sin = math.cos(angle), math.sin(angle)
    xs: list[float] = []
    ys: list[float] = []
    for word in line.words:
        for x, y in word.box.polygon():
            y *= aspect
            xs.append(x * cos + y * sin)
            ys.append(-x * sin + y * cos)
    return _Item(line, min(xs), min(ys), max(xs), max(ys))


def _order(items: list[_Item]) -> list[_Item]:
    if len(items) <= 1:
        return items
    height = statistics.median(item.height for item in items)
    bands = _split(items, lambda i: (i.y0, i.y1), _BLANK_LINE * height)
    if len(bands) > 1:
        return [item for band in bands for item in _order(band)]
    columns = _columns(items, height)
    if columns is not None:
        return [item for column in columns for item in _order(column)]
    return _rows(items)


def _split(items: list[_Item], span: _Span, min_gap: float) -> list[list[_Item]]:
    """``items`` cut at every gap of at least ``min_gap`` in their projection by ``span``."""
    ordered = sorted(items, key=lambda i: span(i)[0])
    groups = [[ordered[0]]]
    end = span(ordered[0])[1]
    for item in ordered[1:]:
        start, stop = span(item)
        if start - end >= min_gap:
            groups.append([])
        groups[-1].append(item)
        end = max(end, stop)
    return groups


def _columns(items: list[_Item], height: float) -> list[list[_Item]] | None:
    """Left and right of the widest gutter, when both sides are running text."""
    groups = _split(items, lambda i: (i.x0, i.x1), _GUTTER * height)
    if len(groups) < 2:
        return None
    gaps = [
        (min(i.x0 for i in right) - max(i.x1 for i in left), k)
        for k, (left, right) in enumerate(itertools.pairwise(groups), start=1)
    ]
    cut = max(gaps)[1]
    left = [item for group in groups[:cut] for item in group]
    right = [item for group in groups[cut:] for item in group]
    return [left, right] if _running_text(left) and _running_text(right) else None


def _running_text(items: list[_Item]) -> bool:
    return len(items) >= 2 and statistics.median(len(i.line.words) for i in items) >= 2


def _rows(items: list[_Item]) -> list[_Item]:
    rows: list[list[_Item]] = []
    for item in sorted(items, key=lambda i: (i.y0 + i.y1) / 2):
        row = rows[-1] if rows else None
        if row is not None and _same_row(row, item):
            row.append(item)
        else:
            rows.append([item])
    return [item for row in rows for item in sorted(row, key=lambda i: i.x0)]


def _same_row(row: list[_Item], item: _Item) -> bool:
    top, bottom = min(i.y0 for i in row), max(i.y1 for i in row)
    overlap = min(bottom, item.y1) - max(top, item.y0)
    return overlap >= 0.5 * min(item.height, bottom - top)
