"""QUERIES: each question answered from the page's key-value pairs, as QUERY and QUERY_RESULT
blocks.

A question is matched to a key by the words they share: both are lowercased, stripped of
punctuation and of question words (``what is the``), a few abbreviations are spelled out
(``no``, ``#``: number; ``qty``: quantity), and a key scores the share of words the two have in
common of all the words of either (Jaccard). The best key scoring at least one half answers
with its value; a question no key answers keeps its QUERY block with no ANSWER, as Textract
leaves it. A query applies to the pages its ``Pages`` names (``["1"]`` when it names none;
``"*"``, ``"2-4"`` and ``"3-*"`` are allowed).
https://docs.aws.amazon.com/textract/latest/dg/queryresponse.html
https://docs.aws.amazon.com/textract/latest/dg/API_Query.html

This module imports only the package's ``_blocks``, ``_forms`` and ``_errors``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from fourbeat.services.textract._blocks import PageBlocks, box_of, confidence_of
from fourbeat.services.textract._errors import invalid_parameter
from fourbeat.services.textract._forms import Pair

_MIN_SCORE = 0.5
_STOP = frozenset(
    {"what", "whats", "is", "are", "was", "were", "the", "a", "an", "of", "on", "in", "for"}
    | {"this", "that", "document", "page", "which", "who", "whom", "when", "where", "how"}
    | {"much", "many", "does", "do", "did", "s"}
)
_SAME = {"no": "number", "num": "number", "nr": "number", "#": "number", "qty": "quantity"}
_WORD = re.compile(r"[a-z0-9#]+")

Query = dict[str, Any]


def words(text: str) -> frozenset[str]:
    found = (_SAME.get(w, w) for w in _WORD.findall(text.lower().replace("'s", "")))
    return frozenset(w for w in found if w not in _STOP)


def best_pair(query: str, pages: PageBlocks, pairs: Sequence[Pair]) -> tuple[Pair, float] | None:
    """The pair whose key answers ``query`` best, and its score, if one scores enough."""
    asked = words(query)
    best: tuple[Pair, float] | None = None
    for pair in pairs:
        key = words(pair.key_text(pages))
        if not pair.value or not key or not asked:
            continue
        score = len(asked & key) / len(asked | key)
        if score >= _MIN_SCORE and (best is None or score > best[1]):
            best = (pair, score)
    return best


def query_blocks(pages: PageBlocks, queries: Sequence[Query], pairs: Sequence[Pair]) -> None:
    """Add a QUERY block (and its QUERY_RESULT when answered) for each query on this page."""
    for query in queries:
        block: dict[str, Any] = {"BlockType": "QUERY", "Query": dict(query)}
        found = best_pair(query["Text"], pages, pairs)
        if found is not None:
            pair, score = found
            result = pages.add(
                "QUERY_RESULT",
                box_of(pages, pair.value),
                score * confidence_of(pages, pair.value),
                Text=pair.value_text(pages),
            )
            block["Relationships"] = [{"Type": "ANSWER", "Ids": [result["Id"]]}]
        pages.append(block, top=True)


def queries_by_page(
    queries: Sequence[Query], page_count: int, per_page: int
) -> dict[int, list[Query]]:
    """Which queries apply to which page; InvalidParameterException for pages the document
    does not have, or more than ``per_page`` queries on a page (15 synchronous, 30
    asynchronous: https://docs.aws.amazon.com/textract/latest/dg/limits-document.html)."""
    found: dict[int, list[Query]] = {}
    for query in queries:
        for number in _pages(query.get("Pages", ["1"]), page_count):
            found.setdefault(number, []).append(query)
    for number, listed in found.items():
        if len(listed) > per_page:
            raise invalid_parameter(f"{len(listed)} queries on page {number}; at most {per_page}")
    return found


def _pages(specs: Sequence[str], count: int) -> set[int]:
    if "*" in specs and len(specs) > 1:
        raise invalid_parameter("'*' must be the only element of Pages")
    numbers: set[int] = set()
    for spec in specs:
        if spec == "*":
            low, high = 1, count
        else:
            first, dash, last = spec.partition("-")
            low = _number(first, spec)
            high = low if not dash else count if last == "*" else _number(last, spec)
        if not 1 <= low <= high <= count:
            raise invalid_parameter(f"query pages {spec!r} are not within the {count} page(s)")
        numbers.update(range(low, high + 1))
    return numbers


def _number(text: str, spec: str) -> int:
    if not text.isdigit():
        raise invalid_parameter(f"query pages {spec!r} are not a page, a range or '*'")
    return int(text)
