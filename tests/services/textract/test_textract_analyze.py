"""AnalyzeDocument: tables, key-value pairs, layout and answers to queries, found from the
engines' lines; and what cannot be found (signatures) refused by name."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from _textract_support import (
    box,
    check_structure,
    children,
    error_of,
    pairs,
    sample,
    scanned,
    table_cells,
    text_of,
)
from botocore.exceptions import ClientError

from fourbeat.services import NotServedError
from fourbeat.testing import assert_output_shape

INVALID = ("InvalidParameterException", "Request has invalid parameters")


def _analyze(textract: Any, data: bytes, features: list[str], **params: Any) -> list[Any]:
    response = textract.analyze_document(Document={"Bytes": data}, FeatureTypes=features, **params)
    assert_output_shape("textract", "AnalyzeDocument", response)
    assert response["AnalyzeDocumentModelVersion"] == "1.0"
    check_structure(response["Blocks"])
    blocks: list[Any] = response["Blocks"]
    return blocks


@pytest.mark.parametrize("kind", ["invoice", "form"])
def test_tables_give_every_cell_of_a_ruled_table(textract: Any, kind: str) -> None:
    doc = sample(kind, 4)
    blocks = _analyze(textract, doc.data, ["TABLES"])
    truth = {(c.row, c.column): c.text for c in doc.pages[0].tables[0]}
    assert table_cells(blocks) == [truth]  # measured: every cell of 20 forms and 21 invoices
    by_id = {b["Id"]: b for b in blocks}
    table = next(b for b in blocks if b["BlockType"] == "TABLE")
    assert table["EntityTypes"] == ["STRUCTURED_TABLE"] and table["Id"] in children(blocks[0])
    for cell in doc.pages[0].tables[0]:
        found = next(
            by_id[i]
            for i in children(table)
            if (by_id[i]["RowIndex"], by_id[i]["ColumnIndex"]) == (cell.row, cell.column)
        )
        x, y = box(found).center  # the cell's middle is inside the ruled cell
        assert cell.box.left <= x <= cell.box.right and cell.box.top <= y <= cell.box.bottom
        header = found.get("EntityTypes") == ["COLUMN_HEADER"]
        assert header == (cell.row == 1) and found["RowSpan"] == found["ColumnSpan"] == 1


def test_forms_pair_each_label_with_its_value(textract: Any) -> None:
    for doc in (sample("form", 5), sample("invoice", 5)):
        blocks = _analyze(textract, doc.data, ["FORMS"])
        # Measured: every field of 20 forms and 21 invoices, and nothing else.
        assert pairs(blocks) == {(f.key, f.value) for f in doc.pages[0].fields}
    keys = [b for b in blocks if b["BlockType"] == "KEY_VALUE_SET"]
    assert Counter(tuple(b["EntityTypes"]) for b in keys) == {("KEY",): 9, ("VALUE",): 9}
    assert all(b["Id"] in children(blocks[0]) for b in keys)


def test_a_blank_field_has_an_empty_value(textract: Any) -> None:
    blocks = _analyze(textract, sample("form", 1).data, ["FORMS"])
    assert ("Fax:", "") in pairs(blocks) and ("Signature:", "") in pairs(blocks)
    by_id = {b["Id"]: b for b in blocks}
    keys = [b for b in blocks if b.get("EntityTypes") == ["KEY"]]
    fax = next(b for b in keys if text_of(b, by_id) == "Fax:")
    value = by_id[children(fax, "VALUE")[0]]
    assert "Relationships" not in value and "Text" not in value and value["Geometry"]


def test_forms_and_tables_of_a_scanned_form(textract: Any) -> None:
    doc = scanned("form", 2)
    blocks = _analyze(textract, doc.data, ["FORMS", "TABLES"])
    truth = {(f.key, f.value) for f in doc.pages[0].fields}
    # Measured on scans of forms 1-5: 0.88 of the fields (OCR reads a rule as "_" at times),
    # 0.80 of the table cells; this scan: 9 of 10 fields, every cell.
    assert len(pairs(blocks) & truth) >= 0.8 * len(truth)
    cells = {(c.row, c.column): c.text for c in doc.pages[0].tables[0]}
    best = max(sum(t.get(k) == v for k, v in cells.items()) for t in table_cells(blocks))
    assert best >= 0.75 * len(cells)


def test_queries_are_answered_from_the_labelled_values(textract: Any) -> None:
    doc = sample("invoice", 1)
    summary = doc.pages[0].summary
    queries = [
        {"Text": "What is the invoice number?", "Alias": "INVOICE_ID"},
        {"Text": "What is the due date?"},
        {"Text": "What is the total due?", "Pages": ["1"]},
        {"Text": "Which carrier ships the goods?", "Alias": "CARRIER"},
    ]
    blocks = _analyze(textract, doc.data, ["QUERIES"], QueriesConfig={"Queries": queries})
    by_id = {b["Id"]: b for b in blocks}
    asked = [b for b in blocks if b["BlockType"] == "QUERY"]
    assert [b["Query"] for b in asked] == queries
    answers = [[by_id[i]["Text"] for i in children(b, "ANSWER")] for b in asked]
    assert answers == [
        [summary["INVOICE_RECEIPT_ID"]],
        [summary["DUE_DATE"]],
        [summary["TOTAL"]],
        [],  # no label says so: the query stays unanswered
    ]
    result = by_id[children(asked[0], "ANSWER")[0]]
    assert result["BlockType"] == "QUERY_RESULT" and 0 < result["Confidence"] <= 100
    assert all(b["Id"] in children(blocks[0]) for b in asked)


def test_queries_need_their_config_and_pages_the_document_has(textract: Any) -> None:
    data = sample("invoice", 1).data
    bad: list[dict[str, Any]] = [
        {"FeatureTypes": ["QUERIES"]},
        {"FeatureTypes": ["FORMS"], "QueriesConfig": {"Queries": [{"Text": "Total?"}]}},
        {
            "FeatureTypes": ["QUERIES"],
            "QueriesConfig": {"Queries": [{"Text": "T?", "Pages": ["2"]}]},
        },
        {"FeatureTypes": ["QUERIES"], "QueriesConfig": {"Queries": [{"Text": "T?"}] * 16}},
        {"FeatureTypes": []},
    ]
    for params in bad:
        with pytest.raises(ClientError) as exc:
            textract.analyze_document(Document={"Bytes": data}, **params)
        assert error_of(exc) == INVALID, params


def test_layout_puts_every_line_in_one_element_in_reading_order(textract: Any) -> None:
    doc = sample("form", 1)
    blocks = _analyze(textract, doc.data, ["LAYOUT", "TABLES", "FORMS"])
    by_id = {b["Id"]: b for b in blocks}
    layout = [b for b in blocks if b["BlockType"].startswith("LAYOUT_")]
    held = Counter(i for b in layout for i in children(b) if by_id[i]["BlockType"] == "LINE")
    lines = [b["Id"] for b in blocks if b["BlockType"] == "LINE"]
    assert sorted(held) == sorted(lines) and set(held.values()) == {1}
    kinds = Counter(b["BlockType"] for b in layout)
    assert kinds["LAYOUT_TITLE"] == 1 and kinds["LAYOUT_TABLE"] == 1
    assert kinds["LAYOUT_SECTION_HEADER"] == 2 and kinds["LAYOUT_KEY_VALUE"] >= 1
    title = next(b for b in layout if b["BlockType"] == "LAYOUT_TITLE")
    assert [by_id[i]["Text"] for i in children(title)] == ["Customer Account Application"]
    tops = [b["BlockType"] for b in blocks if b["Id"] in children(blocks[0])]
    assert tops.index("LAYOUT_TITLE") < tops.index("LAYOUT_TABLE")
    order = [b["BlockType"] for b in blocks]
    assert order.index("TABLE") < order.index("KEY_VALUE_SET") < order.index("LAYOUT_TITLE")


def test_a_bulleted_list_is_a_layout_list_of_its_items(textract: Any) -> None:
    from fourbeat.samples._pen import Pen

    pen = Pen(612.0, 792.0)
    pen.font("Helvetica", "", 11)
    texts = ["Things to bring:", "- a pen", "- your invoice", "- a photo ID"]
    for k, text in enumerate(texts):
        pen.text(72, 100 + 16 * k, text)
    blocks = _analyze(textract, pen.output(), ["LAYOUT"])
    by_id = {b["Id"]: b for b in blocks}
    (listed,) = [b for b in blocks if b["BlockType"] == "LAYOUT_LIST"]
    items = [by_id[i] for i in children(listed)]
    assert [b["BlockType"] for b in items] == ["LAYOUT_TEXT"] * 3
    assert [by_id[children(b)[0]]["Text"] for b in items] == texts[1:]


def test_signatures_cannot_be_seen_and_say_so(textract: Any) -> None:
    with pytest.raises(NotServedError, match="SIGNATURES"):
        textract.analyze_document(
            Document={"Bytes": sample("form", 1).data}, FeatureTypes=["FORMS", "SIGNATURES"]
        )
    with pytest.raises(NotServedError, match="HumanLoopConfig"):
        textract.analyze_document(
            Document={"Bytes": sample("form", 1).data},
            FeatureTypes=["FORMS"],
            HumanLoopConfig={"HumanLoopName": "review", "FlowDefinitionArn": "arn:aws:x"},
        )
