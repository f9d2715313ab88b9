"""Where the recorded corpus and its overrides live; reading and comparing is
``fourbeat.conformance``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fourbeat import conformance

ROOT = Path(__file__).resolve().parents[2].parent / "shared" / "conformance"
CASES = ROOT / "asl-dev.jsonl"
OVERRIDES = Path(__file__).with_name("conformance_overrides.json")


def load_cases() -> list[dict[str, Any]]:
    return conformance.load_cases(CASES) if CASES.exists() else []
