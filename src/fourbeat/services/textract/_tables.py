"""TABLES: tables found from how lines line up, as TABLE and CELL blocks.

The engines see words, not rules, so a table is found the way a reader finds one without
its grid: a run of rows (``_geometry.rows``) of two or more lines each, at a steady pitch
(a row further below than 1.3 times the run's pitch starts a new run: the gap before the
totals under an invoice's items), whose lines fall into three or more columns: the x extents of
all its lines, merged where they overlap, leave gutters no line crosses. Each row x column is a
CELL (an empty one too); cells tile the table, their edges halfway between neighbouring rows
and columns. The first row is a ``COLUMN_HEADER`` when none of its cells holds a digit and some
later row does. Two-column runs (a label and its value) are left to FORMS, as are merged
cells, table titles and footers, which need the grid's rules to be seen.
https://docs.aws.amazon.com/textract/latest/dg/how-it-works-tables.html

This module imports only ``fourbeat.ai`` and the package's ``_geometry`` and ``_blocks``.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass
from typing import Any

from fourbeat.ai import BoundingBox
from fourbeat.services.textract._blocks import PageBlocks, confidence_of
from fourbeat.services.textract._geometry import Placed, median_height, rows

_MIN_COLUMNS = 3
_MIN_ROWS = 2
_PITCH_JUMP = 1.3
_FIRST_GAP = 1.5
"""Widest gap, in line heights, between a run's first two rows."""

Cells = list[list[list[Placed]]]
"""row -> column -> the lines in that cell, left to right."""


@dataclass(frozen=True, slots=True)
class Table:
    cells: Cells
    columns: list[tuple[float, float]]
    """Each column's left and right edge (page-width ratios)."""
    header: bool

    @property
    def lines(self) -> list[Placed]:
        return [p for row in self.cells for cell in row for p in cell]

    def text(self, row: int, column: int) -> str:
        return " ".join(p.text for p in self.cells[row][column])


def find_tables(placed: list[Placed]) -> list[Table]:
    """The tables among ``placed`` (a page's lines), top to bottom."""
    height = median_height(placed) or 1.0
    tables = []
    for run in _runs(rows(placed), height):
        table = _table(run)
        if table is not None:
            tables.append(table)
    return tables


def _runs(found: list[list[Placed]], height: float) -> list[list[list[Placed]]]:
    runs: list[list[list[Placed]]] = []
    run: list[list[Placed]] = []
    for row in found:
        if len(row) < 2:
            run = _close(runs, run)
        elif run and not _continues(run, row, height):
            run = _close(runs, run)
            run.append(row)
        else:
            run.append(row)
    _close(runs, run)
    return runs


def _close(runs: list[list[list[Placed]]], run: list[list[Placed]]) -> list[list[Placed]]:
    if len(run) >= _MIN_ROWS:
        runs.append(run)
    return []


def _top(row: list[Placed]) -> float:
    return min(p.top for p in row)


def _continues(run: list[list[Placed]], row: list[Placed], height: float) -> bool:
    if len(run) == 1:
        return _top(row) - max(p.bottom for p in run[0]) <= _FIRST_GAP * height
    pitches = [_top(b) - _top(a) for a, b in itertools.pairwise(run)]
    return _top(row) - _top(run[-1]) <= _PITCH_JUMP * statistics.median(pitches)


def _table(run: list[list[Placed]]) -> Table | None:
    columns = _columns([p for row in run for p in row])
    if len(columns) < _MIN_COLUMNS:
        return None
    cells: Cells = [[[] for _ in columns] for _ in run]
    for r, row in enumerate(run):
        for p in row:
            column = next(k for k, (left, right) in enumerate(columns) if left <= p.left < right)
            cells[r][column].append(p)
    header = not _has_digit(cells[0]) and any(_has_digit(row) for row in cells[1:])
    return Table(cells, columns, header)


def _columns(lines: list[Placed]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for p in sorted(lines, key=lambda p: p.left):
        if merged and p.left < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], p.right)
        else:
            merged.append([p.left, p.right])
    # A half-open interval per column, so every line's left edge falls in exactly one.
    return [(left, right + 1e-9) for left, right in merged]


def _has_digit(row: list[list[Placed]]) -> bool:
    return any(ch.isdigit() for cell in row for p in cell for ch in p.text)


def table_blocks(pages: PageBlocks, tables: list[Table]) -> list[str]:
    """Add a TABLE and its CELLs for each table; the TABLE blocks' ids."""
    ids = []
    for table in tables:
        ids.append(_emit(pages, table))
    return ids


def _emit(pages: PageBlocks, table: Table) -> str:
    xs = _edges(table.columns)
    ys = _edges([_band(row) for row in table.cells])
    overall = confidence_of(pages, pages.refs(table.lines))
    cell_ids = []
    for r, row in enumerate(table.cells):
        for c, cell in enumerate(row):
            refs = pages.refs(sorted(cell, key=lambda p: p.left))
            extra: dict[str, Any] = (
                {"EntityTypes": ["COLUMN_HEADER"]} if table.header and r == 0 else {}
            )
            block = pages.add(
                "CELL",
                BoundingBox.from_edges(xs[c], ys[r], xs[c + 1], ys[r + 1]),
                confidence_of(pages, refs) if refs else overall,
                [("CHILD", [pages.word_id(ref) for ref in refs])],
                RowIndex=r + 1,
                ColumnIndex=c + 1,
                RowSpan=1,
                ColumnSpan=1,
                **extra,
            )
            cell_ids.append(block["Id"])
    box = BoundingBox.from_edges(xs[0], ys[0], xs[-1], ys[-1])
    table_block = pages.add(
        "TABLE", box, overall, [("CHILD", cell_ids)], top=True, EntityTypes=["STRUCTURED_TABLE"]
    )
    return str(table_block["Id"])


def _band(row: list[list[Placed]]) -> tuple[float, float]:
    boxes = [p.box for cell in row for p in cell]
    return min(b.top for b in boxes), max(b.bottom for b in boxes)


def _edges(spans: list[tuple[float, float]]) -> list[float]:
    """Outer edges of the first and last span, and midpoints between neighbours."""
    inner = [(a[1] + b[0]) / 2 for a, b in itertools.pairwise(spans)]
    return [spans[0][0], *inner, spans[-1][1]]
