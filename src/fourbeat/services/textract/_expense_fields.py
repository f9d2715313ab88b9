"""What AnalyzeExpense's fields look like: ``ExpenseField`` and its parts, made from words.

Every detection carries the text as printed, its box and its confidence (the mean of its
words'); a field's ``Type`` takes the same confidence; an amount written with a currency sign
carries its ``Currency`` code.
https://docs.aws.amazon.com/textract/latest/dg/API_ExpenseField.html

This module imports only the package's ``_blocks``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fourbeat.services.textract._blocks import PageBlocks, WordRef, box_of, confidence_of

Field = dict[str, Any]

_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}


def detection(pages: PageBlocks, refs: Sequence[WordRef]) -> dict[str, Any]:
    return {
        "Text": " ".join(pages.word(ref).text for ref in refs),
        "Geometry": box_of(pages, refs).as_geometry(),
        "Confidence": confidence_of(pages, refs),
    }


def field(
    pages: PageBlocks,
    kind: str,
    value: Sequence[WordRef],
    label: Sequence[WordRef] = (),
) -> Field:
    """An ExpenseField of type ``kind`` whose value is the words ``value``, labelled by the
    words ``label`` when the document names it."""
    found: Field = {"Type": {"Text": kind, "Confidence": confidence_of(pages, value)}}
    if label:
        found["LabelDetection"] = detection(pages, label)
    found["ValueDetection"] = detection(pages, value)
    found["PageNumber"] = pages.number
    sign = found["ValueDetection"]["Text"][:1]
    if sign in _CURRENCIES:
        found["Currency"] = {"Code": _CURRENCIES[sign], "Confidence": found["Type"]["Confidence"]}
    return found
