"""docs/coverage.md is generated from the service classes and botocore, and kept current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_coverage_report_is_current() -> None:
    spec = importlib.util.spec_from_file_location("coverage_script", ROOT / "scripts/coverage.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    committed = (ROOT / "docs" / "coverage.md").read_text()
    assert committed == script.render(), "run: .venv/bin/python scripts/coverage.py"
