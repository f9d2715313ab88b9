"""Helpers the Textract tests share: samples made once per process, the structure every
Block list must have, and scores against a sample's truth (imported by name: pytest puts this
folder on sys.path)."""

from __future__ import annotations

import functools
import json
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat import Cloud, samples
from fourbeat.ai import BoundingBox
from fourbeat.samples import PageTruth, Sample, TruthWord

Block = dict[str, Any]
TEXT_TYPES = ("PAGE", "LINE", "WORD")


@functools.cache
def sample(kind: str, seed: int) -> Sample:
    makers = {"invoice": samples.invoice, "receipt": samples.receipt, "form": samples.form}
    return makers[kind](seed)


@functools.cache
def scanned(kind: str, seed: int, output: samples.SampleFormat = "jpeg") -> Sample:
    return samples.scan(sample(kind, seed), output=output)


def error_of(caught: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    """The error's code and message."""
    error = caught.value.response["Error"]
    return str(error["Code"]), str(error["Message"])


def caller(cloud: Cloud, name: str, actions: list[str], service: str = "textract") -> Any:
    """A client for a new user allowed ``actions`` on everything (none: no policy at all)."""
    iam = cloud.client("iam")
    iam.create_user(UserName=name)
    if actions:
        allow = {"Effect": "Allow", "Action": actions, "Resource": "*"}
        policy = json.dumps({"Version": "2012-10-17", "Statement": [allow]})
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return cloud.client(
        service,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def check_structure(blocks: Sequence[Block]) -> None:
    """What every response's blocks satisfy: unique UUID4 ids, every related id present,
    every WORD the child of exactly one LINE, and per page PAGE, LINEs, WORDs, then the
    rest."""
    by_id = {block["Id"]: block for block in blocks}
    assert len(by_id) == len(blocks)
    assert all(uuid.UUID(block_id).version == 4 for block_id in by_id)
    for block in blocks:
        for relation in block.get("Relationships", []):
            assert all(i in by_id for i in relation["Ids"]), block["BlockType"]
    parents = Counter(i for b in blocks if b["BlockType"] == "LINE" for i in children(b))
    words = [b["Id"] for b in blocks if b["BlockType"] == "WORD"]
    assert sorted(parents) == sorted(words) and set(parents.values()) <= {1}
    for page in _pages(blocks):
        kinds = [b["BlockType"] for b in page]
        assert kinds[0] == "PAGE" and kinds.count("PAGE") == 1
        text = [k for k in kinds if k in TEXT_TYPES]
        assert kinds[: len(text)] == text == sorted(text, key=TEXT_TYPES.index)
        lines = [b["Id"] for b in page if b["BlockType"] == "LINE"]
        assert children(page[0])[: len(lines)] == lines
        assert {b["Page"] for b in page} == {page[0]["Page"]}


def _pages(blocks: Sequence[Block]) -> list[list[Block]]:
    pages: list[list[Block]] = []
    for block in blocks:
        if block["BlockType"] == "PAGE":
            pages.append([])
        pages[-1].append(block)
    return pages


def children(block: Block, kind: str = "CHILD") -> list[str]:
    return [i for r in block.get("Relationships", []) if r["Type"] == kind for i in r["Ids"]]


def text_of(block: Block, by_id: dict[str, Block]) -> str:
    return " ".join(by_id[i]["Text"] for i in children(block) if by_id[i]["BlockType"] == "WORD")


def box(block: Block) -> BoundingBox:
    b = block["Geometry"]["BoundingBox"]
    return BoundingBox(b["Left"], b["Top"], b["Width"], b["Height"])


@dataclass(frozen=True)
class WordScore:
    recall: float
    worst_edge: float
    """The largest distance between a matched word's box edge and its truth's."""


def word_score(blocks: Iterable[Block], truth: Sequence[TruthWord]) -> WordScore:
    """WORD blocks matched to the truth: the same text, the centre inside the truth's box."""
    left = list(truth)
    worst = 0.0
    for block in blocks:
        if block["BlockType"] != "WORD":
            continue
        found = box(block)
        x, y = found.center
        hit = next((t for t in left if t.text == block["Text"] and _inside(t.box, x, y)), None)
        if hit is not None:
            left.remove(hit)
            worst = max(worst, _edge_distance(found, hit.box))
    return WordScore((len(truth) - len(left)) / len(truth), worst)


def _inside(b: BoundingBox, x: float, y: float) -> bool:
    return b.left <= x <= b.right and b.top <= y <= b.bottom


def _edge_distance(a: BoundingBox, b: BoundingBox) -> float:
    return max(
        abs(a.left - b.left), abs(a.top - b.top), abs(a.right - b.right), abs(a.bottom - b.bottom)
    )


def pairs(blocks: Sequence[Block]) -> set[tuple[str, str]]:
    """The (key, value) texts of the KEY_VALUE_SET blocks."""
    by_id = {b["Id"]: b for b in blocks}
    found = set()
    for block in blocks:
        if block["BlockType"] == "KEY_VALUE_SET" and block["EntityTypes"] == ["KEY"]:
            (value_id,) = children(block, "VALUE")
            found.add((text_of(block, by_id), text_of(by_id[value_id], by_id)))
    return found


def table_cells(blocks: Sequence[Block]) -> list[dict[tuple[int, int], str]]:
    """Each TABLE's cells, (row, column) to text."""
    by_id = {b["Id"]: b for b in blocks}
    return [
        {
            (by_id[c]["RowIndex"], by_id[c]["ColumnIndex"]): text_of(by_id[c], by_id)
            for c in children(t)
        }
        for t in blocks
        if t["BlockType"] == "TABLE"
    ]


@dataclass(frozen=True)
class ExpenseScore:
    summary: float
    """Share of the truth's summary fields found with the right text."""
    items: float
    """Share of the truth's line-item fields found with the right text, item by item."""


def expense_score(document: dict[str, Any], truth: PageTruth) -> ExpenseScore:
    found: dict[str, str] = {}
    for field in document["SummaryFields"]:
        found.setdefault(field["Type"]["Text"], field["ValueDetection"]["Text"])
    summary = [_same(found.get(kind, ""), text) for kind, text in truth.summary.items()]
    found_items = [
        {f["Type"]["Text"]: f["ValueDetection"]["Text"] for f in item["LineItemExpenseFields"]}
        for group in document["LineItemGroups"]
        for item in group["LineItems"]
    ]
    hits = 0
    for item in truth.line_items:  # each truth item against the found item it matches best
        best = max(found_items, key=lambda f: _matches(f, item), default=None)
        if best is not None and _matches(best, item):
            hits += _matches(best, item)
            found_items.remove(best)
    total = sum(len(item) for item in truth.line_items)
    return ExpenseScore(sum(summary) / len(summary), hits / total)


def _matches(found: dict[str, str], truth: dict[str, str]) -> int:
    return sum(_same(found.get(kind, ""), text) for kind, text in truth.items())


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).lower() == " ".join(b.split()).lower()
