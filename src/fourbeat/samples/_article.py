"""A one-page article on US Letter set in two columns: a headline and a byline across the page,
then paragraphs that fill the left column before the right one. Its truth lines are in the
order a person reads them (headline, byline, left column, right column), which is what a
reading-order check compares against.

This module imports only ``fourbeat.samples``' own modules.
"""

from __future__ import annotations

import random

from fourbeat.samples import _content as content
from fourbeat.samples._pen import Pen
from fourbeat.samples._truth import Sample

LETTER = (612.0, 792.0)
_LEFT, _GUTTER, _WIDTH = 72.0, 28.0, 220.0
_TOP, _BOTTOM, _LEAD = 150.0, 700.0, 13.0


def article(seed: int, *, lines_per_column: int = 24) -> Sample:
    """A two-column article with a text layer, made from ``seed``."""
    rng = random.Random(f"article-{seed}")
    pen = Pen(*LETTER)
    pen.font("Helvetica", "B", 18)
    pen.text(_LEFT, 90, "Local pipelines catch errors before deployment")
    pen.font("Helvetica", "", 10)
    pen.text(_LEFT, 110, f"By {content.person(rng)}, staff writer")
    pen.font("Helvetica", "", 10)
    lines = _wrap(pen, content.sentences(rng, 12 * 2 * lines_per_column))
    assert _TOP + lines_per_column * _LEAD <= _BOTTOM, "too many lines for a column"
    for column in range(2):
        x = _LEFT + column * (_WIDTH + _GUTTER)
        chunk = lines[column * lines_per_column : (column + 1) * lines_per_column]
        for k, line in enumerate(chunk):
            pen.text(x, _TOP + k * _LEAD, line)
    return Sample("article", seed, pen.output(), "pdf", True, (pen.page_truth(),))


def _wrap(pen: Pen, words: list[str]) -> list[str]:
    """``words`` broken into lines no wider than a column."""
    lines: list[str] = []
    current: list[str] = []
    for word in words:
        if current and pen.measure(" ".join([*current, word])) > _WIDTH:
            lines.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines
