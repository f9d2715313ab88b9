"""Helpers the document-engine tests share (imported by name: pytest puts this folder on
sys.path, as it does for every test folder without an ``__init__.py``)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fourbeat import samples
from fourbeat.ai import BoundingBox, Word
from fourbeat.samples import Sample, SampleFormat, TruthWord


@dataclass(frozen=True)
class Score:
    recall: float
    """Share of the truth's words that were found."""
    precision: float
    """Share of the words found that are in the truth."""
    missed: tuple[str, ...]
    extra: tuple[str, ...]


def score(words: Sequence[Word], truth: Sequence[TruthWord]) -> Score:
    """Words matched to the truth: the same text, and the word's centre inside the truth's box
    (so a right word in the wrong place does not count)."""
    unmatched: dict[str, list[TruthWord]] = defaultdict(list)
    for item in truth:
        unmatched[item.text].append(item)
    extra = []
    for word in words:
        candidates = unmatched[word.text]
        hit = next((t for t in candidates if contains(t.box, word.box.center)), None)
        if hit is None:
            extra.append(word.text)
        else:
            candidates.remove(hit)
    missed = tuple(t.text for group in unmatched.values() for t in group)
    found = len(truth) - len(missed)
    return Score(found / len(truth), found / max(1, len(words)), missed, tuple(extra))


def contains(box: BoundingBox, point: tuple[float, float]) -> bool:
    x, y = point
    return box.left <= x <= box.right and box.top <= y <= box.bottom


@functools.cache
def sample(kind: str, seed: int) -> Sample:
    """A generated sample, made once per test process."""
    makers: dict[str, Callable[[int], Sample]] = {
        "invoice": samples.invoice,
        "receipt": samples.receipt,
        "form": samples.form,
        "article": samples.article,
    }
    return makers[kind](seed)


@functools.cache
def scanned(kind: str, seed: int, output: SampleFormat = "png", noisy: bool = True) -> Sample:
    """``sample(kind, seed)`` scanned at 300 dpi, made once per test process."""
    noise = samples.Noise() if noisy else samples.CLEAN
    return samples.scan(sample(kind, seed), output=output, noise=noise)
