"""The asynchronous operations: a Start call makes a job from a document in S3, a work item
reads it in the engine, and the matching Get call pages through its results.

Start checks what it can at once, as Textract does: the caller may read the object (else
``InvalidS3ObjectException``), its size is within the limits, its first bytes are a PDF, PNG,
JPEG or TIFF (else ``UnsupportedDocumentException``), and the caller may write to the output
bucket. A ``ClientRequestToken`` used again returns the job it started, or
``IdempotentParameterMismatchException`` if the request differs. Get answers ``IN_PROGRESS``
until the job is done, then ``SUCCEEDED`` with the results (1,000 blocks a call by default and
at most, or 20 expense documents), or ``FAILED`` with a ``StatusMessage``. A JobId is valid
for 7 days. Completion cannot be published to SNS, which fourbeat does not serve, so a
``NotificationChannel`` is refused with a ``NotServedError`` rather than dropped; so is a
``KMSKeyId`` (KMS is not served). ``JobTag`` is kept with the job: Textract shows it only in
that notification.
https://docs.aws.amazon.com/textract/latest/dg/api-async.html
https://docs.aws.amazon.com/textract/latest/dg/API_GetDocumentAnalysis.html
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from fourbeat.services._base import NotServedError, Params, Request, Response
from fourbeat.services.textract._analysis import check_features
from fourbeat.services.textract._core import MODEL_VERSION, TextractCore
from fourbeat.services.textract._documents import ASYNC_PAGES, check_async_size, sniff
from fourbeat.services.textract._errors import (
    idempotent_mismatch,
    invalid_job_id,
    invalid_parameter,
)
from fourbeat.services.textract._output import ACCESS_CHECK, check_output, output_key
from fourbeat.services.textract._queries import queries_by_page

JOB_KIND = "textract.job"
RETENTION = 7 * 86400.0
ASYNC_QUERIES = 30
_HEAD = 1024
"""Bytes read at Start to tell the document's format (a PDF header may sit anywhere in its
first kilobyte)."""


@dataclass(frozen=True)
class JobKind:
    name: str
    items: str
    """The response member that holds the results."""
    version: str
    page_size: int
    """Results per Get call: the default and the most."""


KINDS = {
    "text": JobKind("text", "Blocks", "DetectDocumentTextModelVersion", 1000),
    "analysis": JobKind("analysis", "Blocks", "AnalyzeDocumentModelVersion", 1000),
    "expense": JobKind("expense", "ExpenseDocuments", "AnalyzeExpenseModelVersion", 20),
}


class JobOperations(TextractCore):
    def StartDocumentTextDetection(self, request: Request, params: Params) -> Response:
        return self._start(request, params, "text", "textract:StartDocumentTextDetection")

    def StartDocumentAnalysis(self, request: Request, params: Params) -> Response:
        return self._start(request, params, "analysis", "textract:StartDocumentAnalysis")

    def StartExpenseAnalysis(self, request: Request, params: Params) -> Response:
        return self._start(request, params, "expense", "textract:StartExpenseAnalysis")

    def GetDocumentTextDetection(self, request: Request, params: Params) -> Response:
        return self._get(request, params, "text", "textract:GetDocumentTextDetection")

    def GetDocumentAnalysis(self, request: Request, params: Params) -> Response:
        return self._get(request, params, "analysis", "textract:GetDocumentAnalysis")

    def GetExpenseAnalysis(self, request: Request, params: Params) -> Response:
        return self._get(request, params, "expense", "textract:GetExpenseAnalysis")

    def _start(self, request: Request, params: Params, kind: str, action: str) -> Response:
        self.authorize(request, action, "*")
        _refuse_unserved(params)
        if kind == "analysis":
            _, queries = check_features(params)
            queries_by_page(queries, ASYNC_PAGES, ASYNC_QUERIES)  # their form, before the job
        location = params["DocumentLocation"].get("S3Object")
        if location is None:
            raise invalid_parameter("DocumentLocation needs an S3Object")
        token = params.get("ClientRequestToken")
        stored = {k: v for k, v in params.items() if k != "ClientRequestToken"}
        if token is not None and (found := self._by_token(kind, token, stored)) is not None:
            return {"JobId": found}
        size = self.s3_size(request, location)
        check_async_size(size, sniff(self.s3_bytes(location, min(size, _HEAD) or None)))
        output = params.get("OutputConfig")
        if output is not None:
            check_output(self, request, output)
        job_id = secrets.token_hex(32)  # Textract's JobIds are 64 hexadecimal digits
        self._insert(job_id, kind, token, stored)
        if output is not None:
            self.admin_s3().put_object(
                Bucket=output["S3Bucket"], Key=output_key(output, job_id, ACCESS_CHECK), Body=b""
            )
        return {"JobId": job_id}

    def _by_token(self, kind: str, token: str, stored: Params) -> str | None:
        row = (
            self.store.db.read()
            .execute(
                "select job_id, request from textract_jobs where kind = ? and token = ?",
                (kind, token),
            )
            .fetchone()
        )
        if row is None:
            return None
        if json.loads(row["request"]) != json.loads(json.dumps(stored)):
            raise idempotent_mismatch()
        return str(row["job_id"])

    def _insert(self, job_id: str, kind: str, token: str | None, stored: Params) -> None:
        now = self.clock.now()
        with self.store.db.transaction() as db:
            db.execute(
                "insert into textract_jobs (job_id, kind, token, request, status, created) "
                "values (?, ?, ?, ?, 'IN_PROGRESS', ?)",
                (job_id, kind, token, json.dumps(stored), now),
            )
            self.store.queue.put(JOB_KIND, {"job_id": job_id}, now, db=db)

    def _get(self, request: Request, params: Params, kind: str, action: str) -> Response:
        self.authorize(request, action, "*")
        row = self._job(params["JobId"], kind)
        about = KINDS[kind]
        response: Response = {"JobStatus": row["status"]}
        if row["status"] == "FAILED":
            response["StatusMessage"] = row["status_message"]
        if row["status"] != "SUCCEEDED":
            return {**response, about.version: MODEL_VERSION}
        items: list[Any] = json.loads(self.store.blobs.read(row["result_blob"]))
        size = min(params.get("MaxResults") or about.page_size, about.page_size)
        start = _offset(params.get("NextToken"), row["job_id"])
        response = {"DocumentMetadata": {"Pages": row["pages"]}, **response}
        if start + size < len(items):
            response["NextToken"] = _token(row["job_id"], start + size)
        response[about.items] = items[start : start + size]
        response[about.version] = MODEL_VERSION
        return response

    def _job(self, job_id: str, kind: str) -> sqlite3.Row:
        row: sqlite3.Row | None = (
            self.store.db.read()
            .execute("select * from textract_jobs where job_id = ? and kind = ?", (job_id, kind))
            .fetchone()
        )
        if row is None or row["created"] + RETENTION < self.clock.now():
            raise invalid_job_id()
        return row


def _refuse_unserved(params: Params) -> None:
    if "NotificationChannel" in params:
        raise NotServedError(
            "Textract's NotificationChannel cannot be honoured: fourbeat does not serve SNS, "
            "so the job's completion could not be published",
            fix="Leave NotificationChannel out and poll the Get operation for JobStatus.",
        )
    if "KMSKeyId" in params:
        raise NotServedError(
            "Textract's KMSKeyId is not served: fourbeat does not serve KMS",
            fix="Leave KMSKeyId out.",
        )


def _token(job_id: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{job_id}:{offset}".encode()).decode()


def _offset(token: str | None, job_id: str) -> int:
    if token is None:
        return 0
    try:
        job, _, offset = base64.urlsafe_b64decode(token.encode()).decode().partition(":")
        value = int(offset)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid_parameter(f"NextToken {token!r} is not one this service gave") from None
    if job != job_id or value < 0:
        raise invalid_parameter(f"NextToken {token!r} belongs to another job")
    return value
