"""DetectDocumentText: a page's text as PAGE, LINE and WORD blocks, from a PDF's text layer or
by OCR, given as bytes or as an S3 object; and Textract's errors for what it cannot take."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from _textract_support import (
    caller,
    check_structure,
    children,
    error_of,
    sample,
    scanned,
    word_score,
)
from botocore.exceptions import ClientError
from PIL import Image

from fourbeat import Cloud
from fourbeat.samples import SampleFormat, bundle, rasterize
from fourbeat.testing import assert_output_shape

Upload = Callable[[str, bytes], dict[str, str]]


def test_a_text_layer_pdf_gives_every_word_where_it_is_printed(textract: Any) -> None:
    doc = sample("invoice", 1)
    response = textract.detect_document_text(Document={"Bytes": doc.data})
    assert_output_shape("textract", "DetectDocumentText", response)
    assert response["DocumentMetadata"] == {"Pages": 1}
    assert response["DetectDocumentTextModelVersion"] == "1.0"
    blocks = response["Blocks"]
    check_structure(blocks)
    score = word_score(blocks, doc.pages[0].words)
    assert score.recall == 1.0
    assert score.worst_edge < 0.002  # the text layer's own boxes, as ratios of the page
    lines = [b["Text"] for b in blocks if b["BlockType"] == "LINE"]
    assert lines == list(doc.pages[0].lines)
    word = next(b for b in blocks if b["BlockType"] == "WORD")
    assert word["TextType"] == "PRINTED" and word["Page"] == 1
    assert word["Confidence"] == 100.0
    polygon = word["Geometry"]["Polygon"]
    assert len(polygon) == 4 and polygon[0]["X"] == word["Geometry"]["BoundingBox"]["Left"]


def test_a_page_lists_its_lines_and_a_line_its_words(textract: Any) -> None:
    blocks = textract.detect_document_text(Document={"Bytes": sample("form", 1).data})["Blocks"]
    by_id = {b["Id"]: b for b in blocks}
    page = blocks[0]
    assert page["BlockType"] == "PAGE"
    assert page["Geometry"]["BoundingBox"] == {"Width": 1.0, "Height": 1.0, "Left": 0.0, "Top": 0.0}
    for line_id in children(page):
        line = by_id[line_id]
        assert line["Text"] == " ".join(by_id[w]["Text"] for w in children(line))


def test_an_image_only_pdf_is_read_by_ocr(textract: Any) -> None:
    doc = rasterize(sample("invoice", 2), dpi=150)
    blocks = textract.detect_document_text(Document={"Bytes": doc.data})["Blocks"]
    check_structure(blocks)
    # Measured: 0.972 of the words, every box's edges within 0.0054 of the page of the truth's.
    score = word_score(blocks, doc.pages[0].words)
    assert score.recall >= 0.95 and score.worst_edge < 0.01
    assert all(b["Confidence"] < 100 for b in blocks if b["BlockType"] == "WORD")


@pytest.mark.parametrize("output", ["png", "jpeg"])
def test_a_rotated_noisy_scan_is_read_by_ocr(textract: Any, output: SampleFormat) -> None:
    doc = scanned("form", 2, output)
    response = textract.detect_document_text(Document={"Bytes": doc.data})
    check_structure(response["Blocks"])
    # Measured: every word, each box's edges within 0.007 (PNG) and 0.019 (JPEG) of the truth's
    # (a turned word's truth box is the hull of its turned box; OCR's hugs the ink).
    score = word_score(response["Blocks"], doc.pages[0].words)
    assert score.recall >= 0.97 and score.worst_edge < 0.03


def test_a_document_in_s3_is_read_as_thecaller(textract: Any, upload: Upload) -> None:
    doc = sample("receipt", 3)
    location = upload("receipt.pdf", doc.data)
    blocks = textract.detect_document_text(Document={"S3Object": location})["Blocks"]
    assert word_score(blocks, doc.pages[0].words).recall == 1.0


def test_a_version_of_an_object_is_read_by_its_id(
    textract: Any, upload: Upload, cloud: Cloud
) -> None:
    s3 = cloud.client("s3")  # the bucket is the upload fixture's
    s3.put_bucket_versioning(Bucket="docs", VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket="docs", Key="doc.pdf", Body=sample("invoice", 1).data)
    s3.put_object(Bucket="docs", Key="doc.pdf", Body=sample("form", 1).data)
    location = {"Bucket": "docs", "Name": "doc.pdf"}
    latest = textract.detect_document_text(Document={"S3Object": location})["Blocks"]
    assert latest[1]["Text"] == sample("form", 1).pages[0].lines[0]
    older = {**location, "Version": first["VersionId"]}
    blocks = textract.detect_document_text(Document={"S3Object": older})["Blocks"]
    assert blocks[1]["Text"] == sample("invoice", 1).pages[0].lines[0]


def test_a_caller_who_may_not_read_the_object_gets_invalid_s3_object(
    cloud: Cloud, upload: Upload
) -> None:
    location = upload("private.pdf", sample("invoice", 1).data)
    with pytest.raises(ClientError) as exc:
        caller(cloud, "reader", ["textract:*"]).detect_document_text(
            Document={"S3Object": location}
        )
    assert error_of(exc) == (
        "InvalidS3ObjectException",
        "Unable to get object metadata from S3. Check object key, region and/or access "
        "permissions.",
    )
    allowed = caller(cloud, "s3reader", ["textract:DetectDocumentText", "s3:GetObject"])
    assert allowed.detect_document_text(Document={"S3Object": location})["Blocks"]


def test_a_caller_without_textract_rights_is_denied(cloud: Cloud) -> None:
    with pytest.raises(ClientError) as exc:
        caller(cloud, "nobody", []).detect_document_text(
            Document={"Bytes": sample("invoice", 1).data}
        )
    code, message = error_of(exc)
    assert code == "AccessDeniedException" and "textract:DetectDocumentText" in message


def test_a_missing_object_is_invalid_s3_object(textract: Any, upload: Upload) -> None:
    upload("present.pdf", sample("invoice", 1).data)
    for location in ({"Bucket": "docs", "Name": "absent.pdf"}, {"Bucket": "nobucket", "Name": "x"}):
        with pytest.raises(ClientError) as exc:
            textract.detect_document_text(Document={"S3Object": location})
        assert error_of(exc)[0] == "InvalidS3ObjectException"


def test_what_is_no_document_format_is_unsupported(textract: Any) -> None:
    with pytest.raises(ClientError) as exc:
        textract.detect_document_text(Document={"Bytes": b"PK\x03\x04 a word file"})
    assert error_of(exc) == (
        "UnsupportedDocumentException",
        "Request has unsupported document format",
    )


def test_a_synchronous_call_takes_one_page(textract: Any) -> None:
    two = bundle(sample("invoice", 1), sample("form", 1))
    with pytest.raises(ClientError) as exc:
        textract.detect_document_text(Document={"Bytes": two.data})
    assert error_of(exc)[0] == "UnsupportedDocumentException"


def test_a_corrupt_pdf_and_a_tiny_image_are_bad_documents(textract: Any) -> None:
    tiny = io.BytesIO()
    Image.new("L", (8, 8), 255).save(tiny, format="PNG")
    for data in (b"%PDF-1.7\n" + b"\x00garbage" * 20, tiny.getvalue()):
        with pytest.raises(ClientError) as exc:
            textract.detect_document_text(Document={"Bytes": data})
        assert error_of(exc)[0] == "BadDocumentException"


def test_more_than_ten_megabytes_is_too_large(textract: Any, upload: Upload) -> None:
    big = sample("invoice", 1).data + b"\n%" + b"x" * (10 * 1024 * 1024)
    with pytest.raises(ClientError) as exc:
        textract.detect_document_text(Document={"Bytes": big})
    assert error_of(exc)[0] == "DocumentTooLargeException"
    with pytest.raises(ClientError) as exc:
        textract.detect_document_text(Document={"S3Object": upload("big.pdf", big)})
    assert error_of(exc)[0] == "DocumentTooLargeException"


def test_a_document_is_bytes_or_an_s3_object_not_both(textract: Any) -> None:
    document = {"Bytes": sample("invoice", 1).data, "S3Object": {"Bucket": "docs", "Name": "a"}}
    for given in (document, {}):
        with pytest.raises(ClientError) as exc:
            textract.detect_document_text(Document=given)
        assert error_of(exc) == ("InvalidParameterException", "Request has invalid parameters")
