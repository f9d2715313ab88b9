"""LAYOUT: the page's lines grouped into layout elements, in reading order, as LAYOUT_* blocks
whose children are the lines they hold.

Every line belongs to one element. A line in a table found by ``_tables`` is in a
LAYOUT_TABLE, and consecutive lines that make key-value pairs (``_forms``) a LAYOUT_KEY_VALUE.
A line in the top or bottom 6% of the page is a LAYOUT_HEADER or LAYOUT_FOOTER, or a
LAYOUT_PAGE_NUMBER when it is only a page number. The other lines, in reading order, become
paragraphs: a line starts a new one after a blank line (a gap of more than 0.6 line heights),
at another left edge, at another text height (20% or more apart), or at a list marker. A
paragraph is then

- the LAYOUT_TITLE: the one with the largest text on the document's first page, at least
  1.25 times the body's height, in the top 40% of the page (one per document);
- a LAYOUT_SECTION_HEADER: a single line of at most eight words at least 1.08 times the
  body's height;
- a LAYOUT_LIST: two or more consecutive items that start with a marker (``•``, ``-``, ``1.``,
  ``a)``), each item a LAYOUT_TEXT child of the list;
- else LAYOUT_TEXT.

Figures are not seen: the engines report words, not images, so no LAYOUT_FIGURE is made.
https://docs.aws.amazon.com/textract/latest/dg/layoutresponse.html

This module imports only ``fourbeat.ai`` and the package's ``_geometry`` and ``_blocks``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fourbeat.ai import BoundingBox
from fourbeat.services.textract._blocks import PageBlocks, confidence_of
from fourbeat.services.textract._geometry import Placed, median_height, starts_with_marker

_MARGIN = 0.06
_GAP = 0.6
_EDGE = 0.02
_HEIGHT_STEP = 1.2
_TITLE = 1.25
_SECTION = 1.08
_SECTION_WORDS = 8
_PAGE_NUMBER = re.compile(r"^(page\s+)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)


@dataclass(slots=True)
class Region:
    kind: str
    lines: list[Placed]
    items: list[Region] = field(default_factory=list)


def find_regions(
    pages: PageBlocks, tables: list[set[int]], pairs: set[int], first_page: bool
) -> list[Region]:
    """The page's layout elements in reading order; ``tables`` gives each table's lines and
    ``pairs`` the lines in key-value pairs."""
    height = median_height(pages.placed) or 1.0
    regions: list[Region] = []
    for p in pages.placed:
        kind = _fixed_kind(p, tables, pairs)
        last = regions[-1] if regions else None
        if last is not None and kind == last.kind and (kind != "text" or _continues(last, p)):
            last.lines.append(p)
        else:
            regions.append(Region(kind, [p]))
    return _classify(regions, height, first_page)


def _fixed_kind(p: Placed, tables: list[set[int]], pairs: set[int]) -> str:
    for k, table in enumerate(tables):
        if p.index in table:
            return f"table-{k}"
    if p.index in pairs:
        return "LAYOUT_KEY_VALUE"
    box = p.box
    if box.bottom <= _MARGIN or box.top >= 1 - _MARGIN:
        if _PAGE_NUMBER.match(p.text.strip()):
            return "LAYOUT_PAGE_NUMBER"
        return "LAYOUT_HEADER" if box.bottom <= _MARGIN else "LAYOUT_FOOTER"
    return "text"


def _continues(region: Region, p: Placed) -> bool:
    last = region.lines[-1]
    if starts_with_marker(p):
        return False
    taller, shorter = max(last.height, p.height), min(last.height, p.height) or 1e-9
    return (
        -last.height <= p.top - last.bottom <= _GAP * max(last.height, p.height)
        and abs(p.left - region.lines[0].left) <= _EDGE
        and taller / shorter < _HEIGHT_STEP
    )


def _classify(regions: list[Region], height: float, first_page: bool) -> list[Region]:
    body = [r for r in regions if r.kind == "text"]
    title = _title(body, height) if first_page else None
    for region in regions:
        if region.kind.startswith("table-"):
            region.kind = "LAYOUT_TABLE"
        elif region is title:
            region.kind = "LAYOUT_TITLE"
        elif region.kind == "text":
            region.kind = _text_kind(region, height)
    return _lists(regions)


def _title(body: list[Region], height: float) -> Region | None:
    tall = [r for r in body if r.lines[0].box.top < 0.4 and _height(r) >= _TITLE * height]
    return max(tall, key=_height, default=None)


def _height(region: Region) -> float:
    return max(p.height for p in region.lines)


def _text_kind(region: Region, height: float) -> str:
    line = region.lines[0]
    short = len(region.lines) == 1 and len(line.line.words) <= _SECTION_WORDS
    return "LAYOUT_SECTION_HEADER" if short and line.height >= _SECTION * height else "LAYOUT_TEXT"


def _lists(regions: list[Region]) -> list[Region]:
    """Runs of two or more LAYOUT_TEXT items that start with a marker, as lists."""
    out: list[Region] = []
    run: list[Region] = []
    for region in [*regions, Region("end", [])]:
        if region.kind == "LAYOUT_TEXT" and starts_with_marker(region.lines[0]):
            run.append(region)
            continue
        if len(run) >= 2:
            out.append(Region("LAYOUT_LIST", [p for item in run for p in item.lines], run))
        else:
            out.extend(run)
        run = []
        if region.kind != "end":
            out.append(region)
    return out


def region_blocks(pages: PageBlocks, regions: list[Region]) -> None:
    """Add a LAYOUT block for each region (a list's items as LAYOUT_TEXT children of it)."""
    for region in regions:
        _emit(pages, region, top=True)


def _emit(pages: PageBlocks, region: Region, *, top: bool) -> str:
    if region.items:
        children = [_emit(pages, item, top=False) for item in region.items]
    else:
        children = [pages.line_ids[p.index] for p in region.lines]
    box = BoundingBox.union(p.box for p in region.lines)
    confidence = confidence_of(pages, pages.refs(region.lines))
    block = pages.add(region.kind, box, confidence, [("CHILD", children)], top=top)
    return str(block["Id"])
