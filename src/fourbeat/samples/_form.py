"""A one-page application form on US Letter: labelled fields with their filled-in values on
rules (one left blank), two groups of checkboxes, a gridded table of authorised users, and a
dated signature line.

This module imports only ``fourbeat.samples``' own modules.
"""

from __future__ import annotations

import calendar
import datetime
import random

from fourbeat.samples import _content as content
from fourbeat.samples._pen import Pen
from fourbeat.samples._truth import Cell, Checkbox, Field, Sample

LETTER = (612.0, 792.0)
_LEFT, _VALUE, _RULE_END = 72.0, 190.0, 460.0
_CONTACT = ("Email", "Phone", "Mail")
_SERVICES = ("Internet", "Television", "Mobile", "Home security")
_ROLES = ("Owner", "Partner", "Child", "Guardian", "Assistant")
_TABLE_COLUMNS = ((72.0, 250.0), (250.0, 380.0), (380.0, 540.0))


def form(seed: int) -> Sample:
    """A filled-in form with a text layer, made from ``seed``."""
    rng = random.Random(f"form-{seed}")
    pen = Pen(*LETTER)
    pen.font("Helvetica", "B", 16)
    pen.text(_LEFT, 80, "Customer Account Application")
    pen.font("Helvetica", "", 9)
    pen.text(_LEFT, 96, "Please complete every section in block letters.")
    fields = _fields(pen, rng)
    boxes = _checkboxes(pen, rng, 390, "Preferred contact:", _CONTACT, 1)
    boxes += _checkboxes(pen, rng, 420, "Services requested:", _SERVICES, 2)
    cells = _users(pen, rng, 470)
    pen.font("Helvetica", "", 10)
    key = pen.text(_LEFT, 660, "Signature:")
    pen.rule(_VALUE - 4, 663, 330, 663)
    signed = content.day(rng).isoformat()
    date_key = pen.text(350, 660, "Date:")
    date_value = pen.text(390, 660, signed)
    pen.rule(386, 663, 470, 663)
    fields += [Field("Signature:", "", key, None), Field("Date:", signed, date_key, date_value)]
    page = pen.page_truth(fields=tuple(fields), tables=(cells,), checkboxes=tuple(boxes))
    return Sample("form", seed, pen.output(), "pdf", True, (page,))


def _fields(pen: Pen, rng: random.Random) -> list[Field]:
    street, city = content.address(rng)
    name = content.person(rng)
    values = (
        ("Full name:", name),
        ("Date of birth:", _birthday(content.day(rng), rng.randint(1950, 2000)).isoformat()),
        ("Email:", f"{name.split()[0].lower()}.{name.split()[1].lower()}@example.com"),
        ("Phone:", content.phone(rng)),
        ("Fax:", ""),
        ("Street address:", street),
        ("City, state, ZIP:", city),
        ("Account number:", f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"),
    )
    pen.font("Helvetica", "B", 11)
    pen.text(_LEFT, 132, "1. Applicant")
    fields = []
    for k, (label, value) in enumerate(values):
        baseline = 160.0 + 26 * k
        pen.font("Helvetica", "", 10)
        key = pen.text(_LEFT, baseline, label)
        box = pen.text(_VALUE, baseline, value) if value else None
        pen.rule(_VALUE - 4, baseline + 3, _RULE_END, baseline + 3, 0.4)
        fields.append(Field(label, value, key, box))
    return fields


def _checkboxes(
    pen: Pen, rng: random.Random, baseline: float, title: str, labels: tuple[str, ...], picks: int
) -> list[Checkbox]:
    pen.font("Helvetica", "", 10)
    pen.text(_LEFT, baseline, title)
    chosen = set(rng.sample(labels, picks))
    boxes, x = [], _VALUE
    for label in labels:
        box = pen.checkbox(x, baseline - 8.5, 10, label in chosen)
        pen.text(x + 15, baseline, label)
        boxes.append(Checkbox(label, label in chosen, box))
        x += 15 + pen.measure(label) + 24
    return boxes


def _users(pen: Pen, rng: random.Random, top: float) -> tuple[Cell, ...]:
    pen.font("Helvetica", "B", 11)
    pen.text(_LEFT, top - 8, "2. Authorized users")
    rows = [("Name", "Role", "Phone")] + [
        (content.person(rng), rng.choice(_ROLES), content.phone(rng)) for _ in range(3)
    ]
    height = 22.0
    cells = []
    for r, row in enumerate(rows):
        row_top = top + 4 + r * height
        pen.font("Helvetica", "B" if r == 0 else "", 10)
        for c, (text, (left, right)) in enumerate(zip(row, _TABLE_COLUMNS, strict=True)):
            pen.text(left + 6, row_top + 15, text)
            cells.append(
                Cell(r + 1, c + 1, text, pen.ratio_box(left, row_top, right, row_top + height))
            )
    bottom = top + 4 + len(rows) * height
    for r in range(len(rows) + 1):
        y = top + 4 + r * height
        pen.rule(_TABLE_COLUMNS[0][0], y, _TABLE_COLUMNS[-1][1], y, 0.6)
    for x in [left for left, _ in _TABLE_COLUMNS] + [_TABLE_COLUMNS[-1][1]]:
        pen.rule(x, top + 4, x, bottom, 0.6)
    return tuple(cells)


def _birthday(day: datetime.date, year: int) -> datetime.date:
    """``day`` moved to ``year``; 29 February becomes the 28th in a common year."""
    if (day.month, day.day) == (2, 29) and not calendar.isleap(year):
        day = day.replace(day=28)
    return day.replace(year=year)
