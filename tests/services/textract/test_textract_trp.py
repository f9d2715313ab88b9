"""Responses parse with Amazon's own response parser (``amazon-textract-response-parser``,
``trp``), as programs written for Textract read them: lines, form fields and table rows."""

from __future__ import annotations

from typing import Any

import trp  # type: ignore[import-untyped]
from _textract_support import sample


def test_trp_reads_the_lines_of_detected_text(textract: Any) -> None:
    doc = sample("receipt", 2)
    document = trp.Document(textract.detect_document_text(Document={"Bytes": doc.data}))
    (page,) = document.pages
    assert [line.text for line in page.lines] == list(doc.pages[0].lines)
    assert all(word.text for line in page.lines for word in line.words)


def test_trp_reads_the_form_fields_and_table_of_an_analysis(textract: Any) -> None:
    doc = sample("form", 3)
    response = textract.analyze_document(
        Document={"Bytes": doc.data}, FeatureTypes=["FORMS", "TABLES"]
    )
    (page,) = trp.Document(response).pages
    fields = {f.key.text: (f.value.text if f.value else "") for f in page.form.fields}
    assert fields == {f.key: f.value for f in doc.pages[0].fields}
    (table,) = page.tables
    truth = doc.pages[0].tables[0]
    rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
    width = max(c.column for c in truth)
    assert rows == [
        [c.text for c in truth if c.row == r] for r in range(1, len(truth) // width + 1)
    ]
    assert [c.text.strip() for c in table.header[0]] == rows[0]


def test_trp2_finds_query_answers_tables_and_keys_through_the_page(textract: Any) -> None:
    from trp.trp2 import TDocumentSchema  # type: ignore[import-untyped]

    doc = sample("invoice", 6)
    response = textract.analyze_document(
        Document={"Bytes": doc.data},
        FeatureTypes=["QUERIES", "FORMS", "TABLES", "LAYOUT"],
        QueriesConfig={"Queries": [{"Text": "What is the invoice number?", "Alias": "ID"}]},
    )
    response.pop("ResponseMetadata")
    parsed = TDocumentSchema().load(response)
    (page,) = parsed.pages
    summary = doc.pages[0].summary
    assert parsed.get_query_answers(page) == [
        ["What is the invoice number?", "ID", summary["INVOICE_RECEIPT_ID"]]
    ]
    assert len(parsed.tables(page)) == 1
    assert len(parsed.keys(page)) == len(doc.pages[0].fields)
