"""Walking a bucket's keys in order, rolling keys up into common prefixes, one page at a time.

Keys sort in UTF-8 binary order, as S3 sorts them; SQLite's default collation compares the
UTF-8 bytes, so the index order is S3's order. A common prefix counts as one entry and is
skipped past in one seek (to the least string after every key that starts with it), so a
folder of a million keys costs no more than one key.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-prefixes.html
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from fourbeat.services.s3._names import successor

BATCH = 1000


@dataclass(frozen=True)
class Position:
    """Where a walk starts: after ``key`` (or at it, when ``inclusive``); with ``seq``, after
    that row among the rows of ``key`` itself (versions, uploads)."""

    key: str
    inclusive: bool = False
    seq: int | None = None


Fetch = Callable[[Position, str | None, int], list[sqlite3.Row]]
"""Rows from a position, below an upper bound on the key (None: no bound), at most n."""


@dataclass(frozen=True)
class Page:
    entries: list[sqlite3.Row | str]
    """Rows and common prefixes (strings), in key order."""
    truncated: bool

    @property
    def last(self) -> sqlite3.Row | str | None:
        return self.entries[-1] if self.entries else None

    @property
    def rows(self) -> list[sqlite3.Row]:
        return [entry for entry in self.entries if isinstance(entry, sqlite3.Row)]

    def common_prefixes(self, encode: Callable[[str], str]) -> list[dict[str, str]]:
        """The page's common prefixes as the listings' ``CommonPrefixes`` entries."""
        return [{"Prefix": encode(entry)} for entry in self.entries if isinstance(entry, str)]


def start_after(marker: str, prefix: str, delimiter: str | None) -> Position:
    """Where a listing continues after ``marker``; a marker inside a common prefix (as
    NextMarker is when the last entry was one) continues after the whole prefix."""
    if delimiter:
        rolled = common_prefix(marker, prefix, delimiter)
        if rolled is not None:
            past = successor(rolled)
            return Position(past if past is not None else marker + "\U0010ffff", inclusive=True)
    return Position(marker)


def common_prefix(key: str, prefix: str, delimiter: str | None) -> str | None:
    if not delimiter or not key.startswith(prefix):
        return None
    at = key.find(delimiter, len(prefix))
    return None if at < 0 else key[: at + len(delimiter)]


def walk(fetch: Fetch, start: Position, prefix: str, delimiter: str | None, limit: int) -> Page:
    """Up to ``limit`` entries with ``prefix`` from ``start``, keys under ``delimiter`` rolled
    up into common prefixes."""
    if start.key < prefix:
        start = Position(prefix, inclusive=True)
    upper = successor(prefix) if prefix else None
    entries: list[sqlite3.Row | str] = []
    position: Position | None = start
    while position is not None:
        next_position = None
        for row in _rows(fetch, position, upper, min(BATCH, limit + 1)):
            if len(entries) == limit:
                return Page(entries, truncated=True)
            rolled = common_prefix(row["key"], prefix, delimiter)
            if rolled is None:
                entries.append(row)
                continue
            entries.append(rolled)
            past = successor(rolled)
            next_position = None if past is None else Position(past, inclusive=True)
            break
        position = next_position
    return Page(entries, truncated=False)


def _rows(fetch: Fetch, position: Position, upper: str | None, batch: int) -> Iterator[sqlite3.Row]:
    while True:
        rows = fetch(position, upper, batch)
        yield from rows
        if len(rows) < batch:
            return
        last = rows[-1]
        position = Position(last["key"], seq=last["seq"])


def fetcher(db: sqlite3.Connection, select: str, args: list[object], order: str | None) -> Fetch:
    """A Fetch over ``select`` (``select … where …``, its rows having ``key`` and ``seq``).

    ``order`` is how the rows of one key follow each other: ``"desc"`` or ``"asc"`` by
    ``seq``, or None where a key has one row.
    """

    def fetch(position: Position, upper: str | None, count: int) -> list[sqlite3.Row]:
        if position.seq is not None and order is not None:
            condition = f"(key > ? or (key = ? and seq {'<' if order == 'desc' else '>'} ?))"
            bounds: list[object] = [position.key, position.key, position.seq]
        else:
            condition = "key >= ?" if position.inclusive else "key > ?"
            bounds = [position.key]
        if upper is not None:
            condition += " and key < ?"
            bounds.append(upper)
        sort = "key" if order is None else f"key, seq {order}"
        sql = f"{select} and {condition} order by {sort} limit ?"
        return db.execute(sql, [*args, *bounds, count]).fetchall()

    return fetch
