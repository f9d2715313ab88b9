"""AnalyzeExpense's line items: from a table whose header names its columns, or else from
the rows of a receipt.

A table (``_tables``) whose header row names an item and a price column gives one line item a
row; each header cell is read as a type (``Description``: ITEM, ``Qty``: QUANTITY,
``Unit Price``: UNIT_PRICE, ``Amount``: PRICE, ...) and labels the values under it. Without
such a table, the rows above the first subtotal or total that hold just a description and an
amount are items (ITEM, PRICE), and a row right under one that reads ``4 x 5.66`` gives its
QUANTITY and UNIT_PRICE. Every item also has an EXPENSE_ROW field: the text of its whole row.
https://docs.aws.amazon.com/textract/latest/dg/expensedocuments.html

This module imports only the package's ``_blocks``, ``_geometry``, ``_tables`` and
``_expense_fields``.
"""

from __future__ import annotations

import re
from typing import Any

from fourbeat.services.textract._blocks import PageBlocks, WordRef
from fourbeat.services.textract._expense_fields import Field, field
from fourbeat.services.textract._geometry import Placed, is_amount, rows
from fourbeat.services.textract._tables import Table

_HEADERS = (
    ("UNIT_PRICE", r"(unit\s*(price|cost)|rate|price\s*(each|/\s*unit)|each)"),
    ("QUANTITY", r"(qty|quantity|hours|hrs|units?)"),
    ("ITEM", r"(description|item|items|product|service|details|particulars)"),
    ("PRICE", r"(amount|total|line total|price|cost)"),
)
_COMPILED = [(kind, re.compile(f"^{pattern}$", re.IGNORECASE)) for kind, pattern in _HEADERS]
_TIMES = re.compile(r"^(\d+)\s*[x@\u00d7]\s*\$?[\d,]+(\.\d+)?$", re.IGNORECASE)
_TIMES_SIGNS = ("x", "@", "\u00d7")
"""``4 x 5.66``; also with an at sign or a multiplication sign."""
_STOP = re.compile(r"^(sub\s*-?total|total|tax|balance|amount due)\b", re.IGNORECASE)


def line_item_groups(pages: PageBlocks, tables: list[Table]) -> list[dict[str, Any]]:
    for table in tables:
        kinds = _column_kinds(table)
        if table.header and "ITEM" in kinds and "PRICE" in kinds:
            return [
                _group([_table_row(pages, table, r, kinds) for r in range(1, len(table.cells))])
            ]
    items = _receipt_items(pages)
    return [_group(items)] if items else []


def _group(items: list[list[Field]]) -> dict[str, Any]:
    return {
        "LineItemGroupIndex": 1,
        "LineItems": [{"LineItemExpenseFields": fields} for fields in items],
    }


def _column_kinds(table: Table) -> list[str | None]:
    kinds: list[str | None] = []
    for c in range(len(table.columns)):
        text = table.text(0, c).strip().rstrip(":")
        kind = next((k for k, pattern in _COMPILED if pattern.match(text)), None)
        kinds.append(kind if kind not in kinds else None)
    return kinds


def _table_row(pages: PageBlocks, table: Table, r: int, kinds: list[str | None]) -> list[Field]:
    fields = []
    for c, kind in enumerate(kinds):
        cell = table.cells[r][c]
        if kind is None or not cell:
            continue
        label = pages.refs(sorted(table.cells[0][c], key=lambda p: p.left))
        fields.append(field(pages, kind, pages.refs(sorted(cell, key=lambda p: p.left)), label))
    row = [p for cell in table.cells[r] for p in cell]
    fields.append(field(pages, "EXPENSE_ROW", pages.refs(sorted(row, key=lambda p: p.left))))
    return fields


def _receipt_items(pages: PageBlocks) -> list[list[Field]]:
    found = rows(pages.placed)
    end = next((k for k, row in enumerate(found) if _STOP.match(row[0].text)), None)
    if end is None:
        return []
    items = []
    for k, row in enumerate(found[:end]):
        if len(row) != 2 or not is_amount(row[1].text) or is_amount(row[0].text):
            continue
        if not any(ch.isalpha() for ch in row[0].text):
            continue
        below = found[k + 1] if k + 1 < end else []
        times = below[0] if len(below) == 1 and _TIMES.match(below[0].text) else None
        items.append(_receipt_item(pages, row, times))
    return items


def _receipt_item(pages: PageBlocks, row: list[Placed], times: Placed | None) -> list[Field]:
    item, price = pages.refs([row[0]]), pages.refs([row[1]])
    fields = [field(pages, "ITEM", item), field(pages, "PRICE", price)]
    whole: list[WordRef] = [*item, *price]
    if times is not None:
        refs = pages.refs([times])
        texts = [pages.word(ref).text for ref in refs]
        sign = next((k for k, text in enumerate(texts) if text.lower() in _TIMES_SIGNS), 0)
        if 0 < sign < len(refs) - 1:  # "4 x 5.66" as three words (not "4x5.66" as one)
            fields.append(field(pages, "QUANTITY", refs[:sign]))
            fields.append(field(pages, "UNIT_PRICE", refs[sign + 1 :]))
        whole += refs
    fields.append(field(pages, "EXPENSE_ROW", whole))
    return fields
