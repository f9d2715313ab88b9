"""A one-page invoice on US Letter: the vendor and its address, the invoice's number and dates,
who it is billed to, a ruled table of line items (description, quantity, unit price, amount),
then subtotal, tax and total, and a footer.

This module imports only ``fourbeat.ai._model`` and ``fourbeat.samples``' own modules.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from fourbeat.ai._model import BoundingBox
from fourbeat.samples import _content as content
from fourbeat.samples._pen import Pen
from fourbeat.samples._truth import Cell, Field, Sample

LETTER = (612.0, 792.0)
_LEFT, _RIGHT = 72.0, 540.0
_COLUMNS = ((66.0, 330.0), (330.0, 390.0), (390.0, 466.0), (466.0, 546.0))
"""The table's columns, left and right edges in points."""
_ROW = 20.0
_TAX_RATES = (Decimal("0.0625"), Decimal("0.0725"), Decimal("0.0825"), Decimal("0.1"))


def invoice(seed: int) -> Sample:
    """An invoice with a text layer, made from ``seed`` (the same seed, the same bytes)."""
    rng = random.Random(f"invoice-{seed}")
    pen = Pen(*LETTER)
    fields: list[Field] = []
    summary = _head(pen, rng, fields)
    summary.update(_bill_to(pen, rng, fields))
    goods = content.items(rng, rng.randint(3, 7))
    cells, bottom = _table(pen, goods)
    subtotal = sum((item.amount for item in goods), Decimal(0))
    rate = rng.choice(_TAX_RATES)
    tax = content.cents(float(subtotal * rate))
    total = subtotal + tax
    baseline = bottom + 24
    for label, amount in (
        ("Subtotal", subtotal),
        (f"Tax ({rate * 100:.2f}%)", tax),
        ("Total Due", total),
    ):
        pen.font("Helvetica", "B" if label == "Total Due" else "", 10)
        fields.append(_total(pen, baseline, label, f"${content.money(amount)}"))
        baseline += 16
    pen.font("Helvetica", "", 9)
    pen.text(_LEFT, 700, "Thank you for your business.")
    pen.text(_LEFT, 713, "Please include the invoice number with your payment.")
    summary.update(
        SUBTOTAL=f"${content.money(subtotal)}",
        TAX=f"${content.money(tax)}",
        TOTAL=f"${content.money(total)}",
    )
    items = tuple(
        {
            "ITEM": item.description,
            "QUANTITY": str(item.quantity),
            "UNIT_PRICE": content.money(item.unit_price),
            "PRICE": content.money(item.amount),
        }
        for item in goods
    )
    page = pen.page_truth(fields=tuple(fields), tables=(cells,), summary=summary, line_items=items)
    return Sample("invoice", seed, pen.output(), "pdf", True, (page,))


def _head(pen: Pen, rng: random.Random, fields: list[Field]) -> dict[str, str]:
    vendor = content.company(rng)
    street, city = content.address(rng)
    pen.font("Helvetica", "B", 16)
    pen.text(_LEFT, 86, vendor)
    pen.font("Helvetica", "", 10)
    pen.text(_LEFT, 104, street)
    pen.text(_LEFT, 118, city)
    pen.text(_LEFT, 132, f"Phone {content.phone(rng)}")
    number = f"INV-{rng.randint(2023, 2024)}-{rng.randint(100, 99999):05d}"
    issued = content.day(rng)
    due = issued + datetime.timedelta(days=rng.choice((15, 30, 45)))
    pen.font("Helvetica", "B", 20)
    pen.right(_RIGHT, 88, "INVOICE")
    pen.font("Helvetica", "", 10)
    for baseline, label, value in (
        (108, "Invoice No:", number),
        (122, "Invoice Date:", issued.isoformat()),
        (136, "Due Date:", due.isoformat()),
    ):
        fields.append(_pair(pen, baseline, label, value))
    return {
        "VENDOR_NAME": vendor,
        "VENDOR_ADDRESS": f"{street}, {city}",
        "INVOICE_RECEIPT_ID": number,
        "INVOICE_RECEIPT_DATE": issued.isoformat(),
        "DUE_DATE": due.isoformat(),
    }


def _bill_to(pen: Pen, rng: random.Random, fields: list[Field]) -> dict[str, str]:
    customer = content.company(rng)
    contact = content.person(rng)
    street, city = content.address(rng)
    pen.font("Helvetica", "B", 10)
    key = pen.text(_LEFT, 184, "Bill To:")
    pen.font("Helvetica", "", 10)
    value = BoundingBox.union(
        pen.text(_LEFT, 198 + 14 * k, line)
        for k, line in enumerate((customer, f"Attn: {contact}", street, city))
    )
    fields.append(Field("Bill To:", f"{customer} Attn: {contact} {street} {city}", key, value))
    pen.font("Helvetica", "", 10)
    terms = f"Net {rng.choice((15, 30, 45))}"
    po = f"PO-{rng.randint(1000, 9999)}"
    fields.append(_pair(pen, 198, "Terms:", terms))
    fields.append(_pair(pen, 212, "PO Number:", po))
    return {"RECEIVER_NAME": customer, "RECEIVER_ADDRESS": f"{street}, {city}"}


def _pair(pen: Pen, baseline: float, label: str, value: str) -> Field:
    """A label and its value, one space apart, as one run ending at the right margin."""
    parts = [label, value]
    key, box = pen.run(_RIGHT - pen.run_width(parts), baseline, parts)
    return Field(label, value, key, box)


def _total(pen: Pen, baseline: float, label: str, value: str) -> Field:
    """A label ending at the amounts' column, and its amount at the right margin."""
    key = pen.right(_COLUMNS[2][1] - 6, baseline, label)
    return Field(label, value, key, pen.right(_RIGHT, baseline, value))


def _table(pen: Pen, goods: list[content.Item]) -> tuple[tuple[Cell, ...], float]:
    """The line items as a ruled table; its cells and the bottom of its last row."""
    top = 260.0
    rows = [("Description", "Qty", "Unit Price", "Amount")] + [
        (i.description, str(i.quantity), content.money(i.unit_price), content.money(i.amount))
        for i in goods
    ]
    cells: list[Cell] = []
    pen.rule(_COLUMNS[0][0], top, _COLUMNS[-1][1], top, 1.0)
    for r, row in enumerate(rows):
        row_top = top + r * _ROW
        baseline = row_top + 14
        pen.font("Helvetica", "B" if r == 0 else "", 10)
        for c, (text, (left, right)) in enumerate(zip(row, _COLUMNS, strict=True)):
            if c == 0:
                pen.text(left + 6, baseline, text)
            else:
                pen.right(right - 6, baseline, text)
            box = pen.ratio_box(left, row_top, right, row_top + _ROW)
            cells.append(Cell(r + 1, c + 1, text, box))
        pen.rule(
            _COLUMNS[0][0], row_top + _ROW, _COLUMNS[-1][1], row_top + _ROW, 1.0 if r == 0 else 0.4
        )
    return tuple(cells), top + len(rows) * _ROW
