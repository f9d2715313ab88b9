"""Made-up but plausible content for sample documents, drawn from a seeded ``random.Random``:
companies, people, addresses, dates, goods, prices and running text. All of it is ASCII, which
the core PDF fonts can show.

This module imports nothing from fourbeat.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_NAME_PARTS = (
    "Northwind",
    "Bluebird",
    "Harbor",
    "Summit",
    "Cedar",
    "Granite",
    "Maple",
    "Silver",
    "Redwood",
    "Lakeside",
    "Ironbridge",
    "Copperfield",
    "Brightwater",
    "Oakridge",
    "Pioneer",
)
_NAME_KINDS = (
    "Traders",
    "Supply",
    "Logistics",
    "Office Goods",
    "Hardware",
    "Analytics",
    "Printing",
    "Electric",
    "Foods",
    "Consulting",
    "Systems",
    "Packaging",
)
_SUFFIXES = ("Inc.", "LLC", "Co.", "Ltd.", "Group", "Corp.")
_FIRST = (
    "Maria",
    "James",
    "Aisha",
    "Daniel",
    "Sofia",
    "Liam",
    "Elena",
    "Noah",
    "Priya",
    "Lucas",
    "Hannah",
    "Omar",
    "Grace",
    "Mateo",
    "Chloe",
    "Ethan",
    "Yuki",
    "Samuel",
    "Nora",
    "Victor",
)
_LAST = (
    "Garcia",
    "Smith",
    "Khan",
    "Novak",
    "Rossi",
    "Johnson",
    "Silva",
    "Chen",
    "Okafor",
    "Mueller",
    "Dubois",
    "Larsen",
    "Patel",
    "Kowalski",
    "Tanaka",
    "Brennan",
    "Moreau",
)
_STREETS = (
    "Main Street",
    "Harbor Road",
    "Elm Avenue",
    "Market Street",
    "Oak Lane",
    "Mill Road",
    "Park Avenue",
    "River Drive",
    "Station Road",
    "Hillcrest Way",
    "Lincoln Boulevard",
)
_CITIES = (
    ("Portland", "OR", "97201"),
    ("Springfield", "IL", "62701"),
    ("Austin", "TX", "78701"),
    ("Madison", "WI", "53703"),
    ("Denver", "CO", "80202"),
    ("Raleigh", "NC", "27601"),
    ("Boise", "ID", "83702"),
    ("Tucson", "AZ", "85701"),
    ("Albany", "NY", "12207"),
)
_GOODS = (
    ("Copy paper, A4, 500 sheets", 4, 9),
    ("Ballpoint pens, box of 12", 3, 8),
    ("Stapler, heavy duty", 12, 30),
    ("Toner cartridge, black", 45, 120),
    ("Desk lamp, LED", 18, 60),
    ("Ergonomic office chair", 150, 420),
    ("USB-C cable, 2 m", 6, 18),
    ("Wireless keyboard", 25, 90),
    ("Monitor stand", 20, 75),
    ("Filing cabinet, 3 drawers", 90, 260),
    ("Whiteboard markers, set of 8", 5, 14),
    ("Network switch, 8 port", 30, 110),
    ("Shipping labels, roll", 8, 25),
    ("Cleaning service, hourly", 25, 60),
    ("Consulting, per hour", 80, 200),
    ("Laptop sleeve, 14 inch", 15, 40),
    ("Coffee beans, 1 kg", 14, 35),
)
_SHOP_GOODS = (
    ("Milk 1L", 1, 3),
    ("Bread loaf", 2, 5),
    ("Eggs dozen", 3, 6),
    ("Apples 1kg", 2, 5),
    ("Coffee 250g", 5, 12),
    ("Rice 2kg", 3, 7),
    ("Olive oil", 6, 14),
    ("Cheddar", 4, 9),
    ("Tomatoes", 2, 5),
    ("Pasta 500g", 1, 3),
    ("Orange juice", 3, 6),
    ("Yogurt", 1, 4),
    ("Chocolate bar", 1, 4),
    ("Tea bags", 3, 7),
    ("Bananas", 1, 3),
)
_WORDS = (
    "the",
    "local",
    "pipeline",
    "reads",
    "each",
    "document",
    "and",
    "extracts",
    "its",
    "text",
    "with",
    "boxes",
    "before",
    "routing",
    "results",
    "to",
    "review",
    "when",
    "confidence",
    "is",
    "low",
    "every",
    "invoice",
    "receipt",
    "form",
    "page",
    "arrives",
    "in",
    "a",
    "bucket",
    "that",
    "notifies",
    "function",
    "which",
    "starts",
    "state",
    "machine",
    "for",
    "tables",
    "fields",
    "totals",
    "are",
    "checked",
    "against",
    "vendor",
    "records",
    "so",
    "errors",
    "show",
    "up",
    "early",
    "on",
    "laptop",
    "not",
    "after",
    "deployment",
    "teams",
    "test",
    "their",
    "handlers",
    "offline",
    "quickly",
    "without",
    "waiting",
    "cloud",
)


def company(rng: random.Random) -> str:
    return f"{rng.choice(_NAME_PARTS)} {rng.choice(_NAME_KINDS)} {rng.choice(_SUFFIXES)}"


def person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def address(rng: random.Random) -> tuple[str, str]:
    """A street line and a city line."""
    city, state, zip_code = rng.choice(_CITIES)
    return f"{rng.randint(10, 9800)} {rng.choice(_STREETS)}", f"{city}, {state} {zip_code}"


def phone(rng: random.Random) -> str:
    return f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}"


def day(rng: random.Random) -> datetime.date:
    return datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 730))


def money(amount: Decimal) -> str:
    """``1234.5`` as ``1,234.50``."""
    return f"{amount:,.2f}"


def cents(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Item:
    description: str
    quantity: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


def items(rng: random.Random, count: int, *, shop: bool = False) -> list[Item]:
    """``count`` different goods with quantities and prices."""
    goods = rng.sample(_SHOP_GOODS if shop else _GOODS, count)
    return [
        Item(name, rng.randint(1, 4 if shop else 12), cents(rng.uniform(low, high)))
        for name, low, high in goods
    ]


def sentences(rng: random.Random, words: int) -> list[str]:
    """About ``words`` words of running text, as words (sentence-cased, with full stops)."""
    out: list[str] = []
    while len(out) < words:
        length = rng.randint(6, 14)
        sentence = [rng.choice(_WORDS) for _ in range(length)]
        sentence[0] = sentence[0].capitalize()
        sentence[-1] += "."
        out.extend(sentence)
    return out
