"""What the document engines produce: words and lines on pages, with Textract's geometry.

A ``BoundingBox`` is Textract's: ``left``, ``top``, ``width`` and ``height`` are ratios of the
page's width and height, with the origin at the page's top-left corner, so a box means the
same thing whatever the page's size or resolution.
https://docs.aws.amazon.com/textract/latest/dg/API_BoundingBox.html

Every value here is frozen and picklable: pages cross process boundaries from the reader's
worker pool. This module imports nothing from fourbeat.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal


class Source(enum.Enum):
    """Where a word's text came from."""

    TEXT_LAYER = "text_layer"
    """The PDF's own text (exact; its confidence is 100)."""
    OCR = "ocr"
    """Recognised from the page's pixels."""


@dataclass(frozen=True, slots=True)
class BoundingBox:
    """An axis-aligned box as ratios of the page (Textract's ``BoundingBox``)."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def center(self) -> tuple[float, float]:
        return self.left + self.width / 2, self.top + self.height / 2

    @classmethod
    def from_edges(cls, left: float, top: float, right: float, bottom: float) -> BoundingBox:
        """The box between the four edges, clipped to the page."""
        if right < left:
            left, right = right, left
        if bottom < top:
            top, bottom = bottom, top
        left = 0.0 if left < 0.0 else 1.0 if left > 1.0 else left
        right = 0.0 if right < 0.0 else 1.0 if right > 1.0 else right
        top = 0.0 if top < 0.0 else 1.0 if top > 1.0 else top
        bottom = 0.0 if bottom < 0.0 else 1.0 if bottom > 1.0 else bottom
        return cls(left, top, right - left, bottom - top)

    @classmethod
    def union(cls, boxes: Iterable[BoundingBox]) -> BoundingBox:
        """The smallest box holding all of ``boxes`` (at least one)."""
        left = top = math.inf
        right = bottom = -math.inf
        for box in boxes:  # one pass, plain comparisons: layout calls this for every line
            left = box.left if box.left < left else left
            top = box.top if box.top < top else top
            edge = box.left + box.width
            right = edge if edge > right else right
            edge = box.top + box.height
            bottom = edge if edge > bottom else bottom
        assert left != math.inf, "BoundingBox.union needs at least one box"
        return cls.from_edges(left, top, right, bottom)

    def overlap(self, other: BoundingBox) -> float:
        """Intersection over union, 0 when the boxes do not touch."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        if width <= 0 or height <= 0:
            return 0.0
        inter = width * height
        return inter / (self.width * self.height + other.width * other.height - inter)

    def polygon(self) -> tuple[tuple[float, float], ...]:
        """The four corners, clockwise from the top-left (Textract's ``Polygon`` order)."""
        return (
            (self.left, self.top),
            (self.right, self.top),
            (self.right, self.bottom),
            (self.left, self.bottom),
        )

    def as_geometry(self) -> dict[str, object]:
        """Textract's ``Geometry`` shape for this box.
        https://docs.aws.amazon.com/textract/latest/dg/API_Geometry.html"""
        return {
            "BoundingBox": {
                "Width": self.width,
                "Height": self.height,
                "Left": self.left,
                "Top": self.top,
            },
            "Polygon": [{"X": x, "Y": y} for x, y in self.polygon()],
        }


@dataclass(frozen=True, slots=True)
class Word:
    """One word: its text, where it is, how sure the engine is (0-100), and its source."""

    text: str
    box: BoundingBox
    confidence: float
    source: Source


@dataclass(frozen=True, slots=True)
class Line:
    """Words that read together on one line, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def box(self) -> BoundingBox:
        return BoundingBox.union(word.box for word in self.words)

    @property
    def confidence(self) -> float:
        return sum(word.confidence for word in self.words) / len(self.words)


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a document: its lines in reading order, and its size.

    ``number`` counts from 1, as Textract's ``Page`` does. ``width`` and ``height`` are in
    ``unit``: points (1/72 inch) for a PDF page, pixels for an image.
    """

    number: int
    width: float
    height: float
    unit: Literal["pt", "px"]
    lines: tuple[Line, ...]
    source: Source

    @property
    def words(self) -> tuple[Word, ...]:
        """Every word of the page, in reading order."""
        return tuple(word for line in self.lines for word in line.words)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def __reduce__(self) -> tuple[object, ...]:
        # Pages come back from the reader's pool by pickle. Pickled field by field, the
        # objects of one page take longer to pass than the page takes to read; as plain
        # tuples they pass in a fraction of the time.
        lines = tuple(
            tuple(
                (w.text, w.box.left, w.box.top, w.box.width, w.box.height, w.confidence, w.source)
                for w in line.words
            )
            for line in self.lines
        )
        return _unpack_page, (self.number, self.width, self.height, self.unit, lines, self.source)


_Packed = tuple[str, float, float, float, float, float, Source]


def _unpack_page(
    number: int,
    width: float,
    height: float,
    unit: Literal["pt", "px"],
    lines: tuple[tuple[_Packed, ...], ...],
    source: Source,
) -> Page:
    return Page(
        number,
        width,
        height,
        unit,
        tuple(
            Line(tuple(Word(t, BoundingBox(x, y, w, h), c, s) for t, x, y, w, h, c, s in line))
            for line in lines
        ),
        source,
    )
