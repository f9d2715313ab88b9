"""Running a Textract job: the engine's work item that reads the document and keeps its
results.

The item reads the object, then each page in turn (holding its claim a little longer after
each, since a long document takes minutes), builds the page's blocks or expense document, and
commits the job's status with the end of its claim. Textract's errors while reading (an
unsupported or unreadable document, more than 3,000 pages, invalid query pages) make the job
``FAILED`` with the error's message as ``StatusMessage``; an engine that fails does too, with
Textract's internal-error text. With an OutputConfig the result pages are also written to S3.

This module imports ``store`` and the package's modules.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services.textract._analysis import analyze, check_features
from fourbeat.services.textract._blocks import page_blocks
from fourbeat.services.textract._core import MODEL_VERSION, TextractCore
from fourbeat.services.textract._documents import count_pages, read_pages
from fourbeat.services.textract._expense import expense_document
from fourbeat.services.textract._jobs import ASYNC_QUERIES, KINDS
from fourbeat.services.textract._output import write_results
from fourbeat.services.textract._queries import queries_by_page
from fourbeat.store import Claim

LEASE_PER_PAGE = 120.0
"""Seconds a claim is extended by after each page (OCR takes about one)."""

_log = logging.getLogger("fourbeat.textract")


class JobRunner(TextractCore):
    def _run_job(self, claim: Claim) -> None:
        row = (
            self.store.db.read()
            .execute("select * from textract_jobs where job_id = ?", (claim.payload["job_id"],))
            .fetchone()
        )
        if row is None or row["status"] != "IN_PROGRESS":
            self.store.queue.finish(claim)
            return
        request = json.loads(row["request"])
        status, message, blob, pages = "SUCCEEDED", None, None, None
        try:
            items, pages = self._results(row["kind"], request, claim)
            blob = self.store.blobs.write(json.dumps(items).encode()).id
            if "OutputConfig" in request:
                self._write_output(
                    row["kind"], request["OutputConfig"], row["job_id"], items, pages
                )
        except AwsError as error:
            status, message = "FAILED", error.message
            _log.info("Textract job %s failed: %s", row["job_id"], error)
        with self.store.db.transaction() as db:
            db.execute(
                "update textract_jobs set status = ?, status_message = ?, pages = ?, "
                "result_blob = ?, finished = ? where job_id = ?",
                (status, message, pages, blob, self.clock.now(), row["job_id"]),
            )
            self.store.queue.finish(claim, db=db)

    def _results(self, kind: str, request: dict[str, Any], claim: Claim) -> tuple[list[Any], int]:
        data = self.s3_bytes(request["DocumentLocation"]["S3Object"])
        count = count_pages(self.reader, data)
        features: frozenset[str] = frozenset()
        per_page: dict[int, list[Any]] = {}
        if kind == "analysis":
            features, queries = check_features(request)
            per_page = queries_by_page(queries, count, ASYNC_QUERIES)
        items: list[Any] = []
        for page in read_pages(self.reader, data):
            self.store.queue.extend(claim, self.clock.now() + LEASE_PER_PAGE)
            blocks = page_blocks(page)
            if kind == "expense":
                items.append(expense_document(blocks, page.number))
                continue
            if kind == "analysis":
                analyze(blocks, features, per_page.get(page.number, []), page.number == 1)
            items.extend(blocks.blocks())
        return items, count

    def _write_output(
        self, kind: str, output: dict[str, Any], job_id: str, items: list[Any], pages: int
    ) -> None:
        about = KINDS[kind]
        chunks = [items[k : k + about.page_size] for k in range(0, len(items), about.page_size)]
        bodies = [
            {
                "DocumentMetadata": {"Pages": pages},
                "JobStatus": "SUCCEEDED",
                about.items: chunk,
                about.version: MODEL_VERSION,
            }
            for chunk in chunks or [[]]
        ]
        write_results(self, output, job_id, bodies)
