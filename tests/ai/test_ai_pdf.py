"""The PDF engine reads a text layer exactly, renders pages, and names what is wrong with a
PDF it cannot open."""

from __future__ import annotations

import io
from collections import Counter

import pypdfium2
import pytest
from _ai_support import sample
from fpdf import FPDF

from fourbeat import samples
from fourbeat.ai import BadDocument, EmptyDocument, EncryptedDocument, PdfFile, Source

TOLERANCE_PT = 0.1
"""How far a word's edge may sit from the truth, in points (measured: at most 0.03)."""


@pytest.mark.parametrize("kind", ["invoice", "receipt", "form", "article"])
@pytest.mark.parametrize("seed", [1, 2])
def test_text_layer_words_are_exact(kind: str, seed: int) -> None:
    doc = sample(kind, seed)
    truth = doc.pages[0]
    with PdfFile(doc.data) as pdf:
        words = pdf.words(0)
    assert Counter(w.text for w in words) == Counter(t.text for t in truth.words)
    assert {w.source for w in words} == {Source.TEXT_LAYER}
    assert {w.confidence for w in words} == {100.0}
    # Text layers list words in the order they were written, so pair them up in order.
    for word, expected in zip(words, truth.words, strict=True):
        assert word.text == expected.text
        for edge in ("left", "right"):
            gap = abs(getattr(word.box, edge) - getattr(expected.box, edge)) * truth.width
            assert gap <= TOLERANCE_PT, (word, expected, edge)
        for edge in ("top", "bottom"):
            gap = abs(getattr(word.box, edge) - getattr(expected.box, edge)) * truth.height
            assert gap <= TOLERANCE_PT, (word, expected, edge)


def test_page_count_and_sizes_in_points() -> None:
    doc = samples.bundle(sample("invoice", 1), sample("receipt", 1))
    with PdfFile(doc.data) as pdf:
        assert pdf.page_count == 2
        assert pdf.page_size(0) == (612.0, 792.0)
        assert pdf.page_size(1) == (doc.pages[1].width, doc.pages[1].height)


def test_rotated_page_boxes_follow_the_page_as_shown() -> None:
    doc = sample("invoice", 1)
    source = pypdfium2.PdfDocument(doc.data)
    source[0].set_rotation(90)
    buffer = io.BytesIO()
    source.save(buffer)
    source.close()
    with PdfFile(buffer.getvalue()) as pdf:
        assert pdf.page_size(0) == (792.0, 612.0)
        words = pdf.words(0)
    # Turned a quarter clockwise, a box's top edge becomes its right edge.
    turned = Counter(
        (t.text, round(1 - t.box.bottom, 3), round(t.box.left, 3), round(t.box.height, 3))
        for t in doc.pages[0].words
    )
    found = Counter(
        (w.text, round(w.box.left, 3), round(w.box.top, 3), round(w.box.width, 3)) for w in words
    )
    assert found == turned


def test_render_gives_a_grayscale_image_at_the_resolution_asked() -> None:
    with PdfFile(sample("receipt", 1).data) as pdf:
        image = pdf.render(0, 150)
        width, height = pdf.page_size(0)
    assert image.mode == "L"
    assert abs(image.width - width * 150 / 72) <= 1
    assert abs(image.height - height * 150 / 72) <= 1
    assert image.getextrema() == (0, 255)  # black text on white paper


def test_a_pdf_of_page_images_has_no_text_layer() -> None:
    flat = samples.rasterize(sample("receipt", 1), dpi=72)
    with PdfFile(flat.data) as pdf:
        assert pdf.words(0) == []


def _encrypted() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 20, "secret")
    pdf.set_encryption(owner_password="owner", user_password="user")
    return bytes(pdf.output())


def _no_pages() -> bytes:
    pdf = pypdfium2.PdfDocument.new()
    buffer = io.BytesIO()
    pdf.save(buffer)
    pdf.close()
    return buffer.getvalue()


def test_password_protected_pdf_is_an_encrypted_document() -> None:
    with pytest.raises(EncryptedDocument, match="password-protected"):
        PdfFile(_encrypted())


def test_pdf_with_only_an_owner_password_opens() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.text(20, 20, "permissions only")
    pdf.set_encryption(owner_password="owner")
    with PdfFile(bytes(pdf.output())) as opened:
        assert [w.text for w in opened.words(0)] == ["permissions", "only"]


def test_pdf_without_pages_is_an_empty_document() -> None:
    with pytest.raises(EmptyDocument, match="no pages"):
        PdfFile(_no_pages())


@pytest.mark.parametrize(
    "data",
    [
        sample("invoice", 1).data[: len(sample("invoice", 1).data) // 2],
        b"%PDF-1.7\n" + bytes(range(256)) * 8,
        b"%PDF-1.7\n",
    ],
    ids=["truncated", "garbage-after-header", "header-only"],
)
def test_corrupt_pdf_is_a_bad_document(data: bytes) -> None:
    with pytest.raises(BadDocument, match="corrupt or truncated") as caught:
        PdfFile(data)
    assert isinstance(caught.value.__cause__, pypdfium2.PdfiumError)
