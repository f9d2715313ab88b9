"""Layout puts words into lines and lines into reading order: columns one after another, a
table row by row, and a slightly rotated scan as if it were straight."""

from __future__ import annotations

import math

import pytest
from _ai_support import sample, scanned

from fourbeat.ai import (
    BoundingBox,
    DocumentReader,
    Line,
    PdfFile,
    Source,
    Word,
    build_lines,
    layout,
    reading_order,
)
from fourbeat.ai._layout import skew

LETTER_ASPECT = 792 / 612


def _word(text: str, left: float, top: float, width: float = 0.06, height: float = 0.014) -> Word:
    return Word(text, BoundingBox(left, top, width, height), 99.0, Source.OCR)


def _texts(lines: tuple[Line, ...] | list[Line]) -> list[str]:
    return [line.text for line in lines]


def test_two_column_article_reads_left_column_then_right() -> None:
    doc = sample("article", 1)
    with PdfFile(doc.data) as pdf:
        lines = layout(pdf.words(0), LETTER_ASPECT)
    # Headline and byline across the page, then 24 lines down the left, then the right.
    assert _texts(lines) == list(doc.pages[0].lines)


def test_rotated_noisy_scan_of_an_article_keeps_its_reading_order() -> None:
    scan = scanned("article", 2)  # turned 1.9 degrees
    with DocumentReader(workers=0) as reader:
        page = next(reader.read(scan.data))
    assert math.degrees(skew(page.lines, page.height / page.width)) < -1.5
    # Measured: every one of the 50 lines read whole, and in the truth's order.
    assert _texts(page.lines) == list(scan.pages[0].lines)


def test_words_on_a_line_join_left_to_right_and_a_wide_gap_splits_it() -> None:
    words = [
        _word("Total", 0.60, 0.50),
        _word("Invoice", 0.10, 0.50),
        _word("number", 0.165, 0.501),  # a space away, a hair lower
        _word("$120.00", 0.80, 0.50),  # far to the right: its own line
    ]
    assert sorted(_texts(build_lines(words))) == ["$120.00", "Invoice number", "Total"]


def test_a_word_gap_is_measured_in_the_page_s_own_units() -> None:
    # A till receipt is 80 mm wide and taller than it is wide: a space between two words is a
    # larger share of the width than the text's height is of the height. Measured in points
    # the space is narrower than the text is tall, so the words read as one line.
    doc = sample("receipt", 11)
    with PdfFile(doc.data) as pdf:
        width, height = pdf.page_size(0)
        lines = layout(pdf.words(0), height / width)
    assert _texts(lines)[:3] == list(doc.pages[0].lines[:3])
    assert _texts(lines)[0] == "HARBOR PRINTING INC."


def test_a_scanned_receipt_s_monospaced_words_stay_on_their_line() -> None:
    # OCR boxes are as tall as the ink; a Courier space is wider than that.
    scan = scanned("receipt", 5, output="jpeg")
    with DocumentReader(workers=0) as reader:
        page = next(reader.read(scan.data))
    texts = _texts(page.lines)
    assert texts[:4] == list(scan.pages[0].lines[:4])
    assert "Date 2024-08-12 20:44" in texts


def test_words_of_a_skewed_line_stay_on_one_line() -> None:
    # 3 degrees down to the right: the last word sits a full line height below the first.
    slope = math.tan(math.radians(3)) / LETTER_ASPECT
    words = [_word(f"w{k}", 0.1 + 0.065 * k, 0.3 + 0.065 * k * slope) for k in range(10)]
    lines = build_lines(words)
    assert _texts(lines) == [" ".join(f"w{k}" for k in range(10))]
    assert math.degrees(skew(lines, LETTER_ASPECT)) == pytest.approx(3.0, abs=0.05)


def test_a_table_reads_row_by_row() -> None:
    words = []
    for row in range(4):
        top = 0.40 + row * 0.02
        words.append(_word(f"item{row}", 0.10, top))
        words += [_word(f"r{row}c{col}", 0.50 + 0.12 * col, top) for col in range(3)]
    lines = layout(words, LETTER_ASPECT)
    assert _texts(lines) == [
        text for row in range(4) for text in [f"item{row}", *(f"r{row}c{c}" for c in range(3))]
    ]


def test_side_by_side_blocks_read_one_after_the_other() -> None:
    left = ["Northwind Traders Inc.", "42 Harbor Road", "Portland, OR 97201"]
    right = ["Invoice No: 12", "Date: 2024-01-02", "Terms: Net 30"]
    words = []
    for k, (a, b) in enumerate(zip(left, right, strict=True)):
        top = 0.1 + k * 0.018
        for j, text in enumerate(a.split()):
            words.append(_word(text, 0.10 + 0.065 * j, top))
        for j, text in enumerate(b.split()):
            words.append(_word(text, 0.60 + 0.065 * j, top))
    assert _texts(layout(words, LETTER_ASPECT)) == left + right


def test_rotated_columns_are_cut_in_the_page_s_own_frame() -> None:
    # Two tall columns turned 3 degrees: in the image's frame each column drifts sideways by
    # more than the gutter is wide, so only the deskewed frame shows the gutter.
    angle = math.radians(3)
    words = []
    for column in range(2):
        for row in range(30):
            for k in range(5):
                x = 0.08 + column * 0.37 + k * 0.07
                y = (0.15 + row * 0.016) * LETTER_ASPECT
                dx, dy = x - 0.5, y - 0.5 * LETTER_ASPECT
                turned_x = 0.5 + dx * math.cos(angle) - dy * math.sin(angle)
                turned_y = 0.5 * LETTER_ASPECT + dx * math.sin(angle) + dy * math.cos(angle)
                words.append(_word(f"c{column}r{row}w{k}", turned_x, turned_y / LETTER_ASPECT))
    expected = [
        " ".join(f"c{column}r{row}w{k}" for k in range(5))
        for column in range(2)
        for row in range(30)
    ]
    lines = build_lines(words)
    assert sorted(_texts(lines)) == sorted(expected)
    assert _texts(reading_order(lines, LETTER_ASPECT)) == expected
