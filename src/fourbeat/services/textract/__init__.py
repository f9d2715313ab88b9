"""Textract: text detection, document analysis and expense analysis, synchronous and as
jobs, served by fourbeat's document engines (``fourbeat.ai``).

One service class, ``Textract``, assembled from operation groups: the synchronous calls
(``_sync``), the asynchronous Start and Get calls (``_jobs``) and the work item that runs a
job (``_runner``), all on ``_core``. A page's text becomes blocks in ``_blocks``; analysis
(``_analysis``) adds tables (``_tables``), key-value pairs (``_forms``), layout
(``_regions``) and query answers (``_queries``); expense analysis is ``_expense`` and
``_line_items``. Engine errors become Textract's in ``_documents``. Imports ``ai``,
``services._base``, ``store``, ``iam``, ``errors``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fourbeat.services.textract._jobs import JOB_KIND, JobOperations
from fourbeat.services.textract._runner import JobRunner
from fourbeat.services.textract._sync import SyncOperations
from fourbeat.store import Claim

__all__ = ["Textract"]


class Textract(SyncOperations, JobOperations, JobRunner):
    name = "textract"

    def work_handlers(self) -> Mapping[str, Callable[[Claim], None]]:
        return {JOB_KIND: self._run_job}
