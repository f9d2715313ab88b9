"""The public names of the document engines and of the samples (a change here is deliberate)."""

from __future__ import annotations

import fourbeat.ai
import fourbeat.samples


def test_ai_public_api() -> None:
    assert sorted(fourbeat.ai.__all__) == [
        "BadDocument",
        "BoundingBox",
        "DocumentError",
        "DocumentFormat",
        "DocumentReader",
        "EmptyDocument",
        "EncryptedDocument",
        "EngineFailure",
        "ImageFile",
        "ImageTooSmall",
        "Line",
        "OcrEngine",
        "Page",
        "PdfFile",
        "Source",
        "UnsupportedDocument",
        "Word",
        "build_lines",
        "detect_format",
        "layout",
        "reading_order",
    ]


def test_samples_public_api() -> None:
    assert sorted(fourbeat.samples.__all__) == [
        "CLEAN",
        "Cell",
        "Checkbox",
        "Field",
        "Noise",
        "PageTruth",
        "Sample",
        "SampleFormat",
        "TruthWord",
        "article",
        "bundle",
        "form",
        "invoice",
        "rasterize",
        "receipt",
        "render",
        "scan",
    ]


def test_error_hierarchy() -> None:
    ai = fourbeat.ai
    assert issubclass(ai.EncryptedDocument, ai.UnsupportedDocument)
    assert issubclass(ai.EmptyDocument, ai.BadDocument)
    assert issubclass(ai.ImageTooSmall, ai.BadDocument)
    for error in (ai.UnsupportedDocument, ai.BadDocument, ai.EngineFailure):
        assert issubclass(error, ai.DocumentError)


def test_ai_imports_nothing_else_of_fourbeat() -> None:
    import ast
    from pathlib import Path

    for module in Path(fourbeat.ai.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text())
        imported = [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        ] + [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ]
        inside = [name for name in imported if name.startswith("fourbeat")]
        assert all(name.startswith("fourbeat.ai") for name in inside), (module.name, inside)
