"""AnalyzeExpense's summary fields, found by rules on the engines' lines.

The labels a document prints say what its values are. Key-value pairs (``_forms``) whose
label reads as one of Textract's types give that field: ``Invoice No:``, ``Receipt``:
INVOICE_RECEIPT_ID; ``Invoice Date:``, ``Date``: INVOICE_RECEIPT_DATE; ``Due Date:``;
``Subtotal``; ``Tax (7.25%)``; ``Total Due``, ``TOTAL``; ``PO Number:``; ``Terms:``. A
``Bill To:`` value gives RECEIVER_NAME (its first line) and RECEIVER_ADDRESS (the rest, less
an ``Attn:`` line). A date written after its label on one line (``Date 2023-09-11 10:56``)
gives the date. The vendor is the tallest line in the top fifth of the first page that is not
a document title (``INVOICE``, ``RECEIPT``); the lines right under it, up to a phone line,
are its VENDOR_ADDRESS, and that line its VENDOR_PHONE. Addresses join their lines with
``", "``. Line items come from ``_line_items``.
https://docs.aws.amazon.com/textract/latest/dg/invoices-receipts.html

This module imports only the package's ``_blocks``, ``_geometry``, ``_forms``, ``_tables``,
``_expense_fields`` and ``_line_items``.
"""

from __future__ import annotations

import re
from typing import Any

from fourbeat.services.textract._blocks import PageBlocks, WordRef
from fourbeat.services.textract._expense_fields import Field, field
from fourbeat.services.textract._forms import Pair, find_pairs
from fourbeat.services.textract._geometry import Placed
from fourbeat.services.textract._line_items import line_item_groups
from fourbeat.services.textract._tables import find_tables

_LABELS = (
    ("INVOICE_RECEIPT_ID", r"(invoice|inv|receipt|bill)\s*(no\.?|number|num|#|id)?"),
    ("INVOICE_RECEIPT_DATE", r"((invoice|receipt|bill|issue)\s+)?date"),
    ("DUE_DATE", r"(due date|payment due|date due)"),
    ("SUBTOTAL", r"sub\s*-?total"),
    ("TAX", r"(sales tax|tax|vat|gst|hst)\b.*"),
    ("TOTAL", r"(total( due| amount)?|amount due|balance due|grand total)"),
    ("PO_NUMBER", r"(po|p\.o\.|purchase order)\s*(no\.?|number|#)?"),
    ("PAYMENT_TERMS", r"(payment )?terms"),
)
_COMPILED = [(kind, re.compile(f"^{pattern}$", re.IGNORECASE)) for kind, pattern in _LABELS]
_RECEIVER = re.compile(r"^(bill(ed)? to|sold to|customer)$", re.IGNORECASE)
_TITLE = re.compile(r"^((tax|sales)\s+)?(invoice|receipt|bill|statement|quote)$", re.IGNORECASE)
_PHONE = re.compile(r"^(phone|tel|telephone|ph)\.?:?$", re.IGNORECASE)
_ATTENTION = re.compile(r"^(attn|attention|c/o)\b", re.IGNORECASE)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_VENDOR_AREA = 0.2
_UNDER = 1.5


def expense_document(pages: PageBlocks, index: int) -> dict[str, Any]:
    """The page's ExpenseDocument: its summary fields, line items and text blocks."""
    tables = find_tables(pages.placed)
    in_tables = frozenset(p.index for t in tables for p in t.lines)
    pairs = find_pairs(pages, in_tables)
    return {
        "ExpenseIndex": index,
        "SummaryFields": summary_fields(pages, pairs),
        "LineItemGroups": line_item_groups(pages, tables),
        "Blocks": pages.blocks(),
    }


def summary_fields(pages: PageBlocks, pairs: list[Pair]) -> list[Field]:
    fields = _vendor(pages)
    for pair in pairs:
        fields.extend(_labelled(pages, pair))
    fields.extend(_inline_dates(pages, pairs))
    return fields


def label_kind(text: str) -> str | None:
    """The Textract type a printed label names, if any."""
    label = text.strip().rstrip(":").strip()
    return next((kind for kind, pattern in _COMPILED if pattern.match(label)), None)


def _labelled(pages: PageBlocks, pair: Pair) -> list[Field]:
    label = pair.key_text(pages).rstrip(":").strip()
    if _RECEIVER.match(label):
        return _receiver(pages, pair)
    kind = label_kind(label)
    if kind is None or not pair.value:
        return []
    value = pair.value
    if kind.endswith("DATE"):
        value = _date_words(pages, value) or value
    return [field(pages, kind, value, pair.key)]


def _receiver(pages: PageBlocks, pair: Pair) -> list[Field]:
    lines = _lines_of(pair.value)
    if not lines:
        return []
    name, rest = lines[0], [refs for refs in lines[1:] if not _ATTENTION.match(_text(pages, refs))]
    fields = [field(pages, "RECEIVER_NAME", name, pair.key)]
    if rest:
        fields.append(_address(pages, "RECEIVER_ADDRESS", rest))
    return fields


def _inline_dates(pages: PageBlocks, pairs: list[Pair]) -> list[Field]:
    """``Date 2023-09-11 10:56``: a date after its label on a line no pair holds."""
    taken = {i for pair in pairs for i in pair.lines}
    fields = []
    for p in pages.placed:
        words = p.line.words
        kind = label_kind(words[0].text) if p.index not in taken and len(words) > 1 else None
        if kind is None or not kind.endswith("DATE"):
            continue
        refs = _date_words(pages, pages.refs([p])[1:])
        if refs:
            fields.append(field(pages, kind, refs, pages.refs([p])[:1]))
    return fields


def _date_words(pages: PageBlocks, refs: list[WordRef]) -> list[WordRef]:
    return [ref for ref in refs if _DATE.fullmatch(pages.word(ref).text)][:1]


def _vendor(pages: PageBlocks) -> list[Field]:
    top = [p for p in pages.placed if p.box.top < _VENDOR_AREA and not _TITLE.match(p.text)]
    if not top:
        return []
    vendor = max(top, key=lambda p: (round(p.height, 3), -p.top))
    fields = [field(pages, "VENDOR_NAME", pages.refs([vendor]))]
    address, phone = _under(pages, vendor)
    if address:
        fields.append(_address(pages, "VENDOR_ADDRESS", [pages.refs([p]) for p in address]))
    if phone is not None:
        refs = pages.refs([phone])
        fields.append(field(pages, "VENDOR_PHONE", refs[1:], refs[:1]))
    return fields


def _under(pages: PageBlocks, vendor: Placed) -> tuple[list[Placed], Placed | None]:
    """The lines right under the vendor's name, up to a phone line (and that line): each
    at most one and a half line heights under the last."""
    below = sorted(
        (p for p in pages.placed if p.top > vendor.top and _overlaps(p, vendor)),
        key=lambda p: p.top,
    )
    lines: list[Placed] = []
    last = vendor
    for p in below:
        if p.top - last.bottom > _UNDER * max(p.height, last.height):
            break
        if _PHONE.match(p.line.words[0].text) and len(p.line.words) > 1:
            return lines, p
        if ":" in p.text:
            break
        lines.append(p)
        last = p
    return lines, None


def _overlaps(a: Placed, b: Placed) -> bool:
    return min(a.right, b.right) - max(a.left, b.left) > 0


def _address(pages: PageBlocks, kind: str, lines: list[list[WordRef]]) -> Field:
    built = field(pages, kind, [ref for refs in lines for ref in refs])
    built["ValueDetection"]["Text"] = ", ".join(_text(pages, refs) for refs in lines)
    return built


def _lines_of(refs: list[WordRef]) -> list[list[WordRef]]:
    by_line: dict[int, list[WordRef]] = {}
    for ref in refs:
        by_line.setdefault(ref.line, []).append(ref)
    return list(by_line.values())


def _text(pages: PageBlocks, refs: list[WordRef]) -> str:
    return " ".join(pages.word(ref).text for ref in refs)
