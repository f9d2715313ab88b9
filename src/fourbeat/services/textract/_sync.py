"""The synchronous operations: DetectDocumentText, AnalyzeDocument and AnalyzeExpense, on
one page given as bytes or as an S3 object.
https://docs.aws.amazon.com/textract/latest/dg/API_DetectDocumentText.html
https://docs.aws.amazon.com/textract/latest/dg/API_AnalyzeDocument.html
https://docs.aws.amazon.com/textract/latest/dg/API_AnalyzeExpense.html
"""

from __future__ import annotations

from fourbeat.ai import Page
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.textract._analysis import analyze, check_features
from fourbeat.services.textract._blocks import page_blocks
from fourbeat.services.textract._core import MODEL_VERSION, TextractCore
from fourbeat.services.textract._documents import check_sync_size, read_one_page
from fourbeat.services.textract._errors import invalid_parameter
from fourbeat.services.textract._expense import expense_document
from fourbeat.services.textract._queries import queries_by_page

SYNC_QUERIES = 15
"""Queries a synchronous call may ask of its page."""


class SyncOperations(TextractCore):
    def DetectDocumentText(self, request: Request, params: Params) -> Response:
        self.authorize(request, "textract:DetectDocumentText", "*")
        pages = page_blocks(self._page(request, params["Document"]))
        return {
            "DocumentMetadata": {"Pages": 1},
            "Blocks": pages.blocks(),
            "DetectDocumentTextModelVersion": MODEL_VERSION,
        }

    def AnalyzeDocument(self, request: Request, params: Params) -> Response:
        self.authorize(request, "textract:AnalyzeDocument", "*")
        features, queries = check_features(params)
        asked = queries_by_page(queries, 1, SYNC_QUERIES).get(1, [])
        pages = page_blocks(self._page(request, params["Document"]))
        analyze(pages, features, asked, first_page=True)
        return {
            "DocumentMetadata": {"Pages": 1},
            "Blocks": pages.blocks(),
            "AnalyzeDocumentModelVersion": MODEL_VERSION,
        }

    def AnalyzeExpense(self, request: Request, params: Params) -> Response:
        self.authorize(request, "textract:AnalyzeExpense", "*")
        pages = page_blocks(self._page(request, params["Document"]))
        return {"DocumentMetadata": {"Pages": 1}, "ExpenseDocuments": [expense_document(pages, 1)]}

    def _page(self, request: Request, document: Params) -> Page:
        """The one page of ``Document``: its ``Bytes``, or its ``S3Object`` read as the
        caller."""
        if ("Bytes" in document) == ("S3Object" in document):
            raise invalid_parameter("Document takes exactly one of Bytes and S3Object")
        if "Bytes" in document:
            data = bytes(document["Bytes"])
            check_sync_size(len(data))
        else:
            location = document["S3Object"]
            check_sync_size(self.s3_size(request, location))
            data = self.s3_bytes(location)
        return read_one_page(self.reader, data)
