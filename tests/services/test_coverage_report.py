"""docs/coverage.md is generated from the service classes and botocore, and kept current.

The check compares what the report marks as served with what the classes serve, so a newer
botocore that adds operations to a model does not make the committed report fail.
"""

from __future__ import annotations

import re
from pathlib import Path

from fourbeat.services import service_classes

ROOT = Path(__file__).resolve().parents[2]
_SECTION = re.compile(r"^## (\S+): ", re.MULTILINE)
_SERVED = re.compile(r"^- \[x\] (\S+)$", re.MULTILINE)


def _served_in_report() -> dict[str, set[str]]:
    text = (ROOT / "docs" / "coverage.md").read_text()
    starts = list(_SECTION.finditer(text))
    sections = {}
    for here, after in zip(starts, [*starts[1:], None], strict=True):
        body = text[here.end() : after.start() if after else len(text)]
        sections[here.group(1)] = set(_SERVED.findall(body))
    return sections


def test_coverage_report_is_current() -> None:
    served = {name: set(cls.operations()) for name, cls in service_classes().items()}
    assert _served_in_report() == served, "run: .venv/bin/python scripts/coverage.py"
