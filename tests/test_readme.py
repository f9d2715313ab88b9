"""The README's commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text())


def test_readme_opens_with_the_demo_and_the_test_commands() -> None:
    demo, tests = _readme_commands()[:2]
    assert demo.endswith("fourbeat demo")
    assert "pytest" in tests and "[test]" in tests


def test_ci_runs_exactly_the_readmes_second_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert _readme_commands()[1] in ci_lines
