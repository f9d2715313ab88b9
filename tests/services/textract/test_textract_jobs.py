"""The asynchronous pairs: Start makes a job from a document in S3, the engine runs it, and
Get pages through its results; idempotent tokens, output to S3, failed jobs, and what cannot
be honoured (SNS notifications, KMS keys) refused by name."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from _textract_support import caller, check_structure, error_of, expense_score, sample, word_score
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.samples import article, bundle, scan
from fourbeat.services import NotServedError
from fourbeat.testing import assert_output_shape

Upload = Callable[[str, bytes], dict[str, str]]


def _all_blocks(get: Callable[..., dict[str, Any]], job_id: str, **params: Any) -> list[Any]:
    blocks: list[Any] = []
    token: dict[str, str] = {}
    while True:
        page = get(JobId=job_id, **params, **token)
        blocks += page["Blocks"]
        if "NextToken" not in page:
            return blocks
        token = {"NextToken": page["NextToken"]}


def test_text_detection_of_a_multi_page_pdf(textract: Any, upload: Upload, cloud: Cloud) -> None:
    doc = bundle(sample("invoice", 1), sample("form", 1))
    started = textract.start_document_text_detection(
        DocumentLocation={"S3Object": upload("two.pdf", doc.data)}, JobTag="batch-7"
    )
    job_id = started["JobId"]
    assert len(job_id) == 64 and int(job_id, 16) >= 0
    waiting = textract.get_document_text_detection(JobId=job_id)
    assert waiting["JobStatus"] == "IN_PROGRESS" and "Blocks" not in waiting
    assert cloud.engine.run_until_idle() == 1
    done = textract.get_document_text_detection(JobId=job_id)
    assert_output_shape("textract", "GetDocumentTextDetection", done)
    assert (done["JobStatus"], done["DocumentMetadata"]) == ("SUCCEEDED", {"Pages": 2})
    assert done["DetectDocumentTextModelVersion"] == "1.0" and "NextToken" not in done
    check_structure(done["Blocks"])
    for number, truth in enumerate(doc.pages, start=1):
        page = [b for b in done["Blocks"] if b["Page"] == number]
        assert word_score(page, truth.words).recall == 1.0


def test_results_come_a_thousand_blocks_at_a_time(
    textract: Any, upload: Upload, cloud: Cloud
) -> None:
    doc = bundle(article(1), article(2), article(3))
    job_id = textract.start_document_text_detection(
        DocumentLocation={"S3Object": upload("articles.pdf", doc.data)}
    )["JobId"]
    cloud.engine.run_until_idle()
    first = textract.get_document_text_detection(JobId=job_id, MaxResults=5000)
    assert len(first["Blocks"]) == 1000 and "NextToken" in first
    whole = _all_blocks(textract.get_document_text_detection, job_id)
    assert whole[:1000] == first["Blocks"] and len(whole) > 1000
    assert _all_blocks(textract.get_document_text_detection, job_id, MaxResults=97) == whole
    check_structure(whole)
    other = textract.start_document_text_detection(
        DocumentLocation={"S3Object": upload("one.pdf", sample("invoice", 1).data)}
    )["JobId"]
    cloud.engine.run_until_idle()
    for token in (first["NextToken"], "not-a-token"):
        with pytest.raises(ClientError) as exc:
            textract.get_document_text_detection(JobId=other, NextToken=token)
        assert error_of(exc) == ("InvalidParameterException", "Request has invalid parameters")


def test_analysis_of_a_scanned_multi_page_tiff(textract: Any, upload: Upload, cloud: Cloud) -> None:
    doc = scan(bundle(sample("invoice", 1), sample("form", 1)), output="tiff")
    queries = [
        {"Text": "What is the invoice number?", "Pages": ["1"]},
        {"Text": "Full name?", "Pages": ["*"]},
        {"Text": "What is the due date?"},  # no Pages: page 1 only
    ]
    job_id = textract.start_document_analysis(
        DocumentLocation={"S3Object": upload("scan.tiff", doc.data)},
        FeatureTypes=["TABLES", "FORMS", "QUERIES"],
        QueriesConfig={"Queries": queries},
    )["JobId"]
    cloud.engine.run_until_idle()
    done = textract.get_document_analysis(JobId=job_id)
    assert_output_shape("textract", "GetDocumentAnalysis", done)
    assert done["DocumentMetadata"] == {"Pages": 2} and done["AnalyzeDocumentModelVersion"] == "1.0"
    blocks = done["Blocks"]
    check_structure(blocks)
    tables = [b["Page"] for b in blocks if b["BlockType"] == "TABLE"]
    assert tables == [1, 2]
    by_id = {b["Id"]: b for b in blocks}
    answers = {
        (b["Page"], b["Query"]["Text"]): [
            by_id[i]["Text"] for r in b.get("Relationships", []) for i in r["Ids"]
        ]
        for b in blocks
        if b["BlockType"] == "QUERY"
    }
    assert answers[(1, "What is the invoice number?")] == [
        doc.pages[0].summary["INVOICE_RECEIPT_ID"]
    ]
    assert answers[(1, "Full name?")] == [] and (2, "What is the invoice number?") not in answers
    assert answers[(1, "What is the due date?")] == [doc.pages[0].summary["DUE_DATE"]]
    assert (2, "What is the due date?") not in answers
    assert answers[(2, "Full name?")] == [
        next(f.value for f in doc.pages[1].fields if f.key == "Full name:")
    ]
    for number, truth in enumerate(doc.pages, start=1):  # measured 0.98 and 1.0
        assert word_score([b for b in blocks if b["Page"] == number], truth.words).recall >= 0.95


def test_expense_analysis_gives_a_document_a_page(
    textract: Any, upload: Upload, cloud: Cloud
) -> None:
    doc = bundle(sample("invoice", 1), sample("receipt", 1))
    job_id = textract.start_expense_analysis(
        DocumentLocation={"S3Object": upload("expenses.pdf", doc.data)}
    )["JobId"]
    cloud.engine.run_until_idle()
    first = textract.get_expense_analysis(JobId=job_id, MaxResults=1)
    assert_output_shape("textract", "GetExpenseAnalysis", first)
    assert first["AnalyzeExpenseModelVersion"] == "1.0" and "NextToken" in first
    rest = textract.get_expense_analysis(JobId=job_id, NextToken=first["NextToken"])
    documents = first["ExpenseDocuments"] + rest["ExpenseDocuments"]
    assert [d["ExpenseIndex"] for d in documents] == [1, 2] and "NextToken" not in rest
    for document, truth in zip(documents, doc.pages, strict=True):
        assert expense_score(document, truth) == expense_score(document, truth).__class__(1.0, 1.0)
        assert {b["Page"] for b in document["Blocks"]} == {document["ExpenseIndex"]}


def test_the_same_client_request_token_gives_the_same_job(
    textract: Any, upload: Upload, cloud: Cloud
) -> None:
    location = {"S3Object": upload("a.pdf", sample("invoice", 1).data)}
    first = textract.start_document_analysis(
        DocumentLocation=location, FeatureTypes=["FORMS"], ClientRequestToken="once"
    )
    again = textract.start_document_analysis(
        DocumentLocation=location, FeatureTypes=["FORMS"], ClientRequestToken="once"
    )
    assert again["JobId"] == first["JobId"]
    other = textract.start_document_text_detection(
        DocumentLocation=location, ClientRequestToken="once"
    )
    assert other["JobId"] != first["JobId"]  # a token is kept per kind of job
    assert cloud.engine.run_until_idle() == 2
    with pytest.raises(ClientError) as exc:
        textract.start_document_analysis(
            DocumentLocation=location, FeatureTypes=["TABLES"], ClientRequestToken="once"
        )
    assert error_of(exc)[0] == "IdempotentParameterMismatchException"


def test_output_config_writes_each_page_of_results_to_s3(
    textract: Any, upload: Upload, cloud: Cloud
) -> None:
    location = {"S3Object": upload("arts.pdf", bundle(article(1), article(2), article(3)).data)}
    s3 = cloud.client("s3")
    for prefix, expected in (({"S3Prefix": "results/"}, "results"), ({}, "textract_output")):
        job_id = textract.start_document_text_detection(
            DocumentLocation=location, OutputConfig={"S3Bucket": "docs", **prefix}
        )["JobId"]
        checked = s3.list_objects_v2(Bucket="docs", Prefix=f"{expected}/{job_id}/")["Contents"]
        assert [o["Key"] for o in checked] == [f"{expected}/{job_id}/.s3_access_check"]
        cloud.engine.run_until_idle()
        keys = sorted(
            o["Key"]
            for o in s3.list_objects_v2(Bucket="docs", Prefix=f"{expected}/{job_id}/")["Contents"]
        )
        assert keys == [f"{expected}/{job_id}/{name}" for name in (".s3_access_check", "1", "2")]
        pages = [
            json.loads(s3.get_object(Bucket="docs", Key=key)["Body"].read()) for key in keys[1:]
        ]
        assert all(
            p["JobStatus"] == "SUCCEEDED" and p["DocumentMetadata"]["Pages"] == 3 for p in pages
        )
        written = [b for p in pages for b in p["Blocks"]]
        assert written == _all_blocks(textract.get_document_text_detection, job_id)


def test_output_needs_a_bucket_the_caller_may_write_to(
    textract: Any, upload: Upload, cloud: Cloud
) -> None:
    location = {"S3Object": upload("a.pdf", sample("invoice", 1).data)}
    with pytest.raises(ClientError) as exc:
        textract.start_document_text_detection(
            DocumentLocation=location, OutputConfig={"S3Bucket": "nowhere"}
        )
    assert error_of(exc)[0] == "InvalidS3ObjectException"
    reader = caller(cloud, "reader", ["textract:*", "s3:GetObject"])
    with pytest.raises(ClientError) as exc:
        reader.start_document_text_detection(
            DocumentLocation=location, OutputConfig={"S3Bucket": "docs"}
        )
    code, message = error_of(exc)
    assert code == "AccessDeniedException" and "s3:PutObject" in message
    assert reader.start_document_text_detection(DocumentLocation=location)["JobId"]


def test_a_document_that_cannot_be_read_fails_its_job(
    textract: Any, upload: Upload, cloud: Cloud
) -> None:
    location = {"S3Object": upload("broken.pdf", b"%PDF-1.7\n" + b"\x00 not a pdf" * 50)}
    job_id = textract.start_document_text_detection(DocumentLocation=location)["JobId"]
    cloud.engine.run_until_idle()
    failed = textract.get_document_text_detection(JobId=job_id)
    assert_output_shape("textract", "GetDocumentTextDetection", failed)
    assert failed["JobStatus"] == "FAILED" and "Blocks" not in failed
    assert failed["StatusMessage"].startswith("Unable to read the document")


def test_start_checks_the_object_at_once(textract: Any, upload: Upload) -> None:
    cases = [
        ({"Bucket": "docs", "Name": "absent.pdf"}, "InvalidS3ObjectException"),
        (upload("notes.txt", b"just some text"), "UnsupportedDocumentException"),
        (
            upload("huge.jpg", b"\xff\xd8\xff" + bytes(10 * 1024 * 1024)),
            "DocumentTooLargeException",
        ),
    ]
    for location, code in cases:
        with pytest.raises(ClientError) as exc:
            textract.start_document_text_detection(DocumentLocation={"S3Object": location})
        assert error_of(exc)[0] == code


def test_a_job_id_is_good_for_its_own_kind_of_job_for_seven_days(
    textract: Any, upload: Upload, cloud: Cloud, clock: VirtualClock
) -> None:
    location = {"S3Object": upload("a.pdf", sample("invoice", 1).data)}
    job_id = textract.start_document_text_detection(DocumentLocation=location)["JobId"]
    cloud.engine.run_until_idle()
    for get, asked in (
        (textract.get_document_analysis, job_id),
        (textract.get_expense_analysis, job_id),
        (textract.get_document_text_detection, "0" * 64),
    ):
        with pytest.raises(ClientError) as exc:
            get(JobId=asked)
        assert error_of(exc) == ("InvalidJobIdException", "Request has invalid Job Id")
    clock.advance(6 * 86400)
    assert textract.get_document_text_detection(JobId=job_id)["JobStatus"] == "SUCCEEDED"
    clock.advance(2 * 86400)
    with pytest.raises(ClientError) as exc:
        textract.get_document_text_detection(JobId=job_id)
    assert error_of(exc)[0] == "InvalidJobIdException"


def test_parameters_outside_the_model_s_constraints_are_invalid(
    textract: Any, upload: Upload
) -> None:
    location = {"S3Object": upload("a.pdf", sample("invoice", 1).data)}
    for params in ({"JobTag": "not a tag!"}, {"ClientRequestToken": "x" * 65}):
        with pytest.raises(ClientError) as exc:
            textract.start_document_text_detection(DocumentLocation=location, **params)
        assert error_of(exc) == ("InvalidParameterException", "Request has invalid parameters")


def test_what_cannot_be_honoured_is_refused_by_name(textract: Any, upload: Upload) -> None:
    location = {"S3Object": upload("a.pdf", sample("invoice", 1).data)}
    channel = {
        "SNSTopicArn": "arn:aws:sns:us-east-1:000000000000:textract-done",
        "RoleArn": "arn:aws:iam::000000000000:role/textract-sns",
    }
    with pytest.raises(NotServedError, match="SNS"):
        textract.start_document_text_detection(
            DocumentLocation=location, NotificationChannel=channel
        )
    with pytest.raises(NotServedError, match="KMS"):
        textract.start_expense_analysis(DocumentLocation=location, KMSKeyId="alias/mine")
    with pytest.raises(NotServedError, match="SIGNATURES"):
        textract.start_document_analysis(DocumentLocation=location, FeatureTypes=["SIGNATURES"])
