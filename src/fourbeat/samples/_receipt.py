"""A till receipt on an 80 mm paper roll, in Courier: the shop, its address and phone, date,
time and receipt number, the goods bought (quantity, unit price, amount), subtotal, tax,
total, how it was paid, and a thank-you line. Its height follows its length.

This module imports only ``fourbeat.samples``' own modules.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from fourbeat.samples import _content as content
from fourbeat.samples._pen import Pen
from fourbeat.samples._truth import Field, Sample

WIDTH = 226.8
"""80 mm in points."""
_LEFT, _RIGHT = 14.0, WIDTH - 14.0
_LEAD = 13.0


def receipt(seed: int) -> Sample:
    """A receipt with a text layer, made from ``seed``."""
    rng = random.Random(f"receipt-{seed}")
    goods = content.items(rng, rng.randint(3, 6), shop=True)
    height = 250.0 + len(goods) * 2 * _LEAD
    pen = Pen(WIDTH, height)
    shop = content.company(rng).upper()
    street, city = content.address(rng)
    middle = WIDTH / 2
    pen.font("Courier", "B", 10)
    pen.center(middle, 30, shop)
    pen.font("Courier", "", 8)
    for k, line in enumerate((street, city, f"Tel {content.phone(rng)}")):
        pen.center(middle, 44 + k * 11, line)
    when = datetime.datetime.combine(content.day(rng), datetime.time(rng.randint(8, 20)))
    when += datetime.timedelta(minutes=rng.randint(0, 59))
    number = f"{rng.randint(1, 40):02d}-{rng.randint(100000, 999999)}"
    pen.text(_LEFT, 92, f"Date {when:%Y-%m-%d} {when:%H:%M}")
    fields = [_row(pen, 104, "Receipt", number)]
    baseline = 126.0
    for item in goods:
        pen.text(_LEFT, baseline, item.description)
        pen.right(_RIGHT, baseline, content.money(item.amount))
        pen.text(_LEFT + 12, baseline + 11, f"{item.quantity} x {content.money(item.unit_price)}")
        baseline += 2 * _LEAD
    subtotal = sum((item.amount for item in goods), Decimal(0))
    tax = content.cents(float(subtotal * Decimal("0.07")))
    total = subtotal + tax
    pen.rule(_LEFT, baseline - 8, _RIGHT, baseline - 8, 0.5)
    baseline += 6
    for label, amount in (("SUBTOTAL", subtotal), ("TAX 7%", tax), ("TOTAL", total)):
        pen.font("Courier", "B" if label == "TOTAL" else "", 9 if label == "TOTAL" else 8)
        fields.append(_row(pen, baseline, label, content.money(amount)))
        baseline += _LEAD
    pen.font("Courier", "", 8)
    card = f"VISA **** {rng.randint(1000, 9999)}"
    pen.text(_LEFT, baseline + 8, card)
    pen.center(middle, baseline + 34, "THANK YOU FOR SHOPPING")
    summary = {
        "VENDOR_NAME": shop,
        "VENDOR_ADDRESS": f"{street}, {city}",
        "INVOICE_RECEIPT_ID": number,
        "INVOICE_RECEIPT_DATE": when.date().isoformat(),
        "SUBTOTAL": content.money(subtotal),
        "TAX": content.money(tax),
        "TOTAL": content.money(total),
    }
    items = tuple(
        {
            "ITEM": item.description,
            "QUANTITY": str(item.quantity),
            "UNIT_PRICE": content.money(item.unit_price),
            "PRICE": content.money(item.amount),
        }
        for item in goods
    )
    page = pen.page_truth(fields=tuple(fields), summary=summary, line_items=items)
    return Sample("receipt", seed, pen.output(), "pdf", True, (page,))


def _row(pen: Pen, baseline: float, label: str, value: str) -> Field:
    key = pen.text(_LEFT, baseline, label)
    return Field(label, value, key, pen.right(_RIGHT, baseline, value))
