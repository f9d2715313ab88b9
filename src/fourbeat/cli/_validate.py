"""``fourbeat validate TEMPLATE``: what SAM's translator and cfn-lint find, with file:line,
without deploying anything. cfn-lint's informational findings (I rules) are left out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from fourbeat.errors import FourbeatError
from fourbeat.template import prepare


def findings(template: Path) -> list[str]:
    """Each problem as ``file:line:column: what``."""
    from cfnlint.api import lint_all

    text = template.read_text()
    found = []
    try:
        prepare(text, str(template), template.parent, "us-east-1", {})
    except FourbeatError as error:
        found.append(error.describe() if error.where else f"{template}: {error.describe()}")
    for match in lint_all(text):
        if not match.rule.id.startswith("I"):
            where = f"{template}:{match.linenumber}:{match.columnnumber}"
            found.append(f"{where}: {match.rule.id} {match.message}")
    return found


def validate(
    template: Annotated[Path, typer.Argument(help="The SAM or CloudFormation template.")],
) -> None:
    """Check TEMPLATE with SAM's translator and cfn-lint."""
    found = findings(template)
    console = Console()
    for line in found:
        console.print(line, highlight=False, markup=False)
    if found:
        raise typer.Exit(1)
    console.print(f"{template}: valid")
