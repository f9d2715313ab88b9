"""FORMS: key-value pairs found from lines, as KEY_VALUE_SET blocks (a KEY and its VALUE).

A pair is read the way a form is filled in, from the straightened rows of the page:

1. a line that holds its own label, ``Invoice No: INV-2024-22610``: the words up to the first
   one ending in a colon are the key, the rest the value;
2. a line that is only a label, ``Full name:``: its value is the next line to its right on the
   same row, unless that is a label too (a row of a label and several short lines is a row of
   check boxes' labels, and no pair); else the lines right below it, aligned with it and
   one under the other with no blank line between (``Bill To:`` over an address), stopping
   at a label or a list item; else nothing, and the VALUE is empty, as Textract returns it
   for a blank field;
3. a row of just two lines, the left a short label without a colon and the right holding a
   digit, neither in a table: ``Subtotal    $3,862.50``, ``TOTAL    81.94``.

A line is used by one pair at most. Selection elements (check boxes) are not seen by the
engines, so no VALUE holds one: a check box's label is read as text.
https://docs.aws.amazon.com/textract/latest/dg/how-it-works-kvp.html

This module imports only ``fourbeat.ai`` and the package's ``_geometry`` and ``_blocks``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fourbeat.ai import BoundingBox
from fourbeat.services.textract._blocks import (
    PageBlocks,
    WordRef,
    box_of,
    confidence_of,
    new_id,
)
from fourbeat.services.textract._geometry import Placed, median_height, rows, starts_with_marker

_MAX_KEY_WORDS = 5
_RIGHT_GAP = 0.35
"""Widest gap, in page widths, between a label and the value to its right."""
_ALIGNED = 0.02
"""How far, in page widths, a value below may start from its label's left edge."""


@dataclass(frozen=True, slots=True)
class Pair:
    key: list[WordRef]
    value: list[WordRef]
    lines: frozenset[int]
    """The lines (indexes in ``Page.lines``) the pair is made of."""

    def key_text(self, pages: PageBlocks) -> str:
        return " ".join(pages.word(ref).text for ref in self.key)

    def value_text(self, pages: PageBlocks) -> str:
        return " ".join(pages.word(ref).text for ref in self.value)


def find_pairs(pages: PageBlocks, in_tables: frozenset[int] = frozenset()) -> list[Pair]:
    """The key-value pairs of the page, top to bottom; ``in_tables`` names lines in tables."""
    found = rows(pages.placed)
    height = median_height(pages.placed) or 1.0
    used: set[int] = set()
    pairs: list[Pair] = []
    for r, row in enumerate(found):
        for i, p in enumerate(row):
            if p.index in used:
                continue
            pair = _pair(pages, found, r, i, height, used, in_tables)
            if pair is not None:
                used.update(pair.lines)
                pairs.append(pair)
    return pairs


def _pair(
    pages: PageBlocks,
    found: list[list[Placed]],
    r: int,
    i: int,
    height: float,
    used: set[int],
    in_tables: frozenset[int],
) -> Pair | None:
    p = found[r][i]
    split = _colon(p)
    if split is not None and split < len(p.line.words) - 1:
        refs = pages.refs([p])
        return Pair(refs[: split + 1], refs[split + 1 :], frozenset({p.index}))
    if split is not None:
        values = _value_lines(found, r, i, height, used)
        if values is None:
            return None
        value = pages.refs(values)
        return Pair(pages.refs([p]), value, frozenset({p.index, *(v.index for v in values)}))
    return _two_cells(pages, found[r], used, in_tables) if i == 0 else None


def _colon(p: Placed) -> int | None:
    """The index of the word ending the label (its text ends in a colon), if the line has one
    within its first words."""
    words = p.line.words
    for k, word in enumerate(words[:_MAX_KEY_WORDS]):
        if word.text.endswith(":") and any(ch.isalpha() for ch in word.text):
            return k
    return None


def _is_label(p: Placed) -> bool:
    split = _colon(p)
    return split is not None and split == len(p.line.words) - 1


def _value_lines(
    found: list[list[Placed]], r: int, i: int, height: float, used: set[int]
) -> list[Placed] | None:
    """The lines of a label's value; None when the label heads a row of options (check
    boxes' labels, which the engines read as plain words), which is no pair."""
    key, row = found[r][i], found[r]
    if i + 1 < len(row):
        right = row[i + 1]
        if right.index in used or right.left - key.right > _RIGHT_GAP or _colon(right) is not None:
            return []
        if i + 2 < len(row) and _colon(row[i + 2]) is None:
            return None
        return [right]
    below: list[Placed] = []
    last = key
    for row in found[r + 1 :]:
        under = [p for p in row if abs(p.left - key.left) <= _ALIGNED and p.index not in used]
        if not under or under[0].top - last.bottom > height or _is_label(under[0]):
            break
        if starts_with_marker(under[0]):  # a list under a heading is a list, not a value
            break
        below.append(under[0])
        last = under[0]
    return below


def _two_cells(
    pages: PageBlocks, row: list[Placed], used: set[int], in_tables: frozenset[int]
) -> Pair | None:
    if len(row) != 2 or any(p.index in used or p.index in in_tables for p in row):
        return None
    label, value = row
    if ":" in label.text or ":" in value.text or len(label.line.words) > _MAX_KEY_WORDS - 1:
        return None
    if not any(ch.isalpha() for ch in label.text) or not any(ch.isdigit() for ch in value.text):
        return None
    return Pair(pages.refs([label]), pages.refs([value]), frozenset({label.index, value.index}))


def pair_blocks(pages: PageBlocks, pairs: list[Pair]) -> None:
    """Add a KEY and a VALUE block for each pair, both children of the PAGE."""
    for pair in pairs:
        key_box = box_of(pages, pair.key)
        value_box = box_of(pages, pair.value) if pair.value else _blank(key_box)
        confidence = confidence_of(pages, [*pair.key, *pair.value])
        value_id = new_id()
        pages.add(
            "KEY_VALUE_SET",
            key_box,
            confidence,
            [("VALUE", [value_id]), ("CHILD", [pages.word_id(ref) for ref in pair.key])],
            top=True,
            EntityTypes=["KEY"],
        )
        pages.add(
            "KEY_VALUE_SET",
            value_box,
            confidence,
            [("CHILD", [pages.word_id(ref) for ref in pair.value])],
            top=True,
            block_id=value_id,
            EntityTypes=["VALUE"],
        )


def _blank(key: BoundingBox) -> BoundingBox:
    """Where a blank field's value would be written: just right of its label."""
    return BoundingBox.from_edges(key.right, key.top, key.right + 4 * key.height, key.bottom)
