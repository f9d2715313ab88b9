"""Textract's ``Block`` list for one page: PAGE, then its LINEs, then its WORDs, then whatever
analysis adds (tables, key-value sets, layout, queries), in that order.

The order is the one Textract's responses show: the PAGE block, every LINE in reading order,
every WORD in the same order, then the analysis blocks; the PAGE's ``CHILD`` relationship names
its LINEs and then the top blocks of each analysis (TABLE, KEY_VALUE_SET, LAYOUT_*, QUERY),
which is how parsers such as ``trp`` find what belongs to a page. LINE → WORD is a ``CHILD``
relationship too, and a WORD belongs to exactly one LINE. Ids are random UUIDs, as Textract's.
https://docs.aws.amazon.com/textract/latest/dg/how-it-works-lines-words.html
https://docs.aws.amazon.com/textract/latest/dg/how-it-works-pages.html

This module imports only ``fourbeat.ai`` and the package's ``_geometry``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fourbeat.ai import BoundingBox, Page, Word
from fourbeat.services.textract._geometry import Placed, place

Block = dict[str, Any]

_WHOLE_PAGE = BoundingBox(0.0, 0.0, 1.0, 1.0)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class WordRef:
    """A word of the page: line ``line`` (index in ``Page.lines``), word ``word`` of it."""

    line: int
    word: int


@dataclass(slots=True)
class PageBlocks:
    """One page's text blocks, and the analysis blocks added to them."""

    page: Page
    number: int
    placed: list[Placed]
    line_ids: list[str]
    word_ids: list[list[str]]
    page_id: str = field(default_factory=new_id)
    tops: list[str] = field(default_factory=list)
    """Ids of analysis blocks the PAGE lists as its children."""
    extra: list[Block] = field(default_factory=list)

    def word(self, ref: WordRef) -> Word:
        return self.page.lines[ref.line].words[ref.word]

    def word_id(self, ref: WordRef) -> str:
        return self.word_ids[ref.line][ref.word]

    def refs(self, placed: Iterable[Placed]) -> list[WordRef]:
        """Every word of the given lines, in order."""
        return [
            WordRef(p.index, k) for p in placed for k in range(len(self.page.lines[p.index].words))
        ]

    def add(
        self,
        block_type: str,
        box: BoundingBox,
        confidence: float,
        relationships: Sequence[tuple[str, Sequence[str]]] = (),
        *,
        top: bool = False,
        block_id: str | None = None,
        **fields: Any,
    ) -> Block:
        """An analysis block, appended after the page's words (``top``: a child of the PAGE)."""
        block: Block = {"BlockType": block_type, "Confidence": confidence}
        block.update(fields)
        block["Geometry"] = box.as_geometry()
        block["Id"] = block_id or new_id()
        related = [{"Type": kind, "Ids": list(ids)} for kind, ids in relationships if ids]
        if related:
            block["Relationships"] = related
        block["Page"] = self.number
        self.extra.append(block)
        if top:
            self.tops.append(block["Id"])
        return block

    def append(self, block: Block, *, top: bool = False) -> Block:
        """An analysis block made whole by the caller (a QUERY has no geometry)."""
        block.setdefault("Id", new_id())
        block["Page"] = self.number
        self.extra.append(block)
        if top:
            self.tops.append(block["Id"])
        return block

    def blocks(self) -> list[Block]:
        """PAGE, LINEs, WORDs, then the analysis blocks."""
        page: Block = {
            "BlockType": "PAGE",
            "Geometry": _WHOLE_PAGE.as_geometry(),
            "Id": self.page_id,
            "Relationships": [{"Type": "CHILD", "Ids": [*self.line_ids, *self.tops]}],
            "Page": self.number,
        }
        if not self.line_ids and not self.tops:
            del page["Relationships"]
        return [page, *self._lines(), *self._words(), *self.extra]

    def _lines(self) -> list[Block]:
        return [
            {
                "BlockType": "LINE",
                "Confidence": line.confidence,
                "Text": line.text,
                "Geometry": line.box.as_geometry(),
                "Id": line_id,
                "Relationships": [{"Type": "CHILD", "Ids": list(self.word_ids[k])}],
                "Page": self.number,
            }
            for k, (line, line_id) in enumerate(zip(self.page.lines, self.line_ids, strict=True))
        ]

    def _words(self) -> list[Block]:
        return [
            {
                "BlockType": "WORD",
                "Confidence": word.confidence,
                "Text": word.text,
                "TextType": "PRINTED",
                "Geometry": word.box.as_geometry(),
                "Id": self.word_ids[k][w],
                "Page": self.number,
            }
            for k, line in enumerate(self.page.lines)
            for w, word in enumerate(line.words)
        ]


def page_blocks(page: Page, number: int | None = None) -> PageBlocks:
    """The text blocks of ``page`` (numbered ``number``, by default the page's own)."""
    return PageBlocks(
        page,
        page.number if number is None else number,
        place(page),
        [new_id() for _ in page.lines],
        [[new_id() for _ in line.words] for line in page.lines],
    )


def box_of(pages: PageBlocks, refs: Iterable[WordRef]) -> BoundingBox:
    return BoundingBox.union(pages.word(ref).box for ref in refs)


def confidence_of(pages: PageBlocks, refs: Sequence[WordRef]) -> float:
    if not refs:
        return 0.0
    return sum(pages.word(ref).confidence for ref in refs) / len(refs)
