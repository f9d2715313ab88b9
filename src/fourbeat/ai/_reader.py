"""The document reader: bytes in (PDF, PNG, JPEG or TIFF, told by their first bytes), pages of
words and lines out, in page order.

The format and page count are checked when ``read`` is called, so a bad document fails there
and then; the pages come after, as they are done. A document of more than ``in_process_pages``
pages is split into runs of consecutive pages that a process pool reads in parallel (OCR holds
a core for about a second a page, so both cores of a small machine work on one document). The
pool is created on first need and kept until ``close()``; its workers keep their Tesseract
between documents. Smaller documents, or every document with ``workers=0``, are read in the
calling process, with the reader's own OCR engine.

Workers are started with ``spawn``: forking a process that runs threads (an engine loop, a
test runner) can copy a lock mid-use. A worker that dies (a crash in a C library) is reported
as ``EngineFailure``, and the next document gets a fresh pool.

This module imports only from ``fourbeat.ai``.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from fourbeat.ai import _worker
from fourbeat.ai._errors import EngineFailure
from fourbeat.ai._formats import detect_format
from fourbeat.ai._model import Page
from fourbeat.ai._ocr import OcrEngine
from fourbeat.ai._pages import PageBatch, batches, count_pages, read_batch

_RUNS_PER_WORKER = 4
"""Runs a document is split into, per worker: enough that workers finish together."""


class DocumentReader:
    """Reads documents into pages. Use it as a context manager, or call ``close()``.

    ``workers`` is the size of the pool (default: the cores this process may use; 0 reads
    everything in process). ``dpi`` is the resolution pages without a text layer are
    rendered at for OCR.
    """

    def __init__(
        self, *, workers: int | None = None, in_process_pages: int = 1, dpi: int = 300
    ) -> None:
        assert workers is None or workers >= 0, f"workers must be 0 or more, not {workers}"
        assert 72 <= dpi <= 1200, f"dpi must be between 72 and 1200, not {dpi}"
        self.workers = _cores() if workers is None else workers
        self.in_process_pages = in_process_pages
        self.dpi = dpi
        self._ocr = OcrEngine()
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> DocumentReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self._ocr.close()

    def page_count(self, data: bytes) -> int:
        """How many pages ``data`` holds (an engine error if it cannot be read)."""
        return count_pages(detect_format(data), data)

    def read(self, data: bytes, pages: Sequence[int] | None = None) -> Iterator[Page]:
        """The pages of ``data`` (those numbered in ``pages``, from 1, if given), in order.

        Raises an engine error (``fourbeat.ai.DocumentError``) at once if the document cannot
        be opened, and while iterating if one of its pages cannot be read."""
        kind = detect_format(data)
        count = count_pages(kind, data)
        numbers = list(range(1, count + 1)) if pages is None else list(pages)
        for number in numbers:
            assert 1 <= number <= count, f"page {number} is not in a {count}-page document"
        indexes = [number - 1 for number in numbers]
        if self.workers == 0 or len(indexes) <= self.in_process_pages:
            return self._in_process(batches(kind, data, indexes, self.dpi, 1))
        runs = batches(kind, data, indexes, self.dpi, self.workers * _RUNS_PER_WORKER)
        return self._in_pool(runs)

    def _in_process(self, runs: list[PageBatch]) -> Iterator[Page]:
        for run in runs:
            yield from read_batch(run, self._ocr)

    def _in_pool(self, runs: list[PageBatch]) -> Iterator[Page]:
        pool = self._ready_pool()
        results: Iterable[list[Page]] = pool.map(_worker.run, runs)
        try:
            for pages in results:
                yield from pages
        except BrokenProcessPool as exc:
            self._discard(pool)
            raise EngineFailure(
                f"A document engine worker died while reading the document: {exc}"
            ) from exc

    def _ready_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=multiprocessing.get_context("spawn")
                )
            return self._pool

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
