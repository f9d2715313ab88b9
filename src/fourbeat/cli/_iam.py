"""``fourbeat iam log`` and ``fourbeat iam policy ROLE``: what IAM decided in a data
directory, and the least-privilege policy a role's recorded runs needed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from fourbeat.cloud import DEFAULT_DATA_DIR, Cloud
from fourbeat.errors import FourbeatError
from fourbeat.iam._least_privilege import least_privilege

app = typer.Typer(
    help="What IAM decided, and the policies runs really needed.", no_args_is_help=True
)
DataDir = Annotated[Path, typer.Option("--data-dir", help="The cloud's data directory.")]


@app.command("log")
def log(
    data_dir: DataDir = Path(DEFAULT_DATA_DIR),
    denied: Annotated[bool, typer.Option("--denied", help="Only the denials.")] = False,
) -> None:
    """List recorded decisions, denials first."""
    with Cloud(data_dir, engine=False) as cloud:
        journal = cloud.authorizer.journal
        assert journal is not None
        decisions = journal.read(denied_only=denied)
    table = Table(title=f"IAM decisions in {data_dir}")
    for column in ("principal", "action", "resource", "decision"):
        table.add_column(column)
    for decision in sorted(decisions, key=lambda d: d.allowed):
        verdict = "[green]allow[/]" if decision.allowed else f"[red]deny[/] {decision.reason}"
        table.add_row(decision.principal, decision.action, decision.resource, verdict)
    Console().print(table)


@app.command("policy")
def policy(
    role: Annotated[str, typer.Argument(help="The role's name.")],
    data_dir: DataDir = Path(DEFAULT_DATA_DIR),
) -> None:
    """Print the least-privilege policy for what ROLE's sessions asked in recorded runs."""
    with Cloud(data_dir, engine=False) as cloud:
        journal = cloud.authorizer.journal
        assert journal is not None
        decisions = journal.read(principal_like=f"arn:aws:sts::%:assumed-role/{role}/%")
    if not decisions:
        raise FourbeatError(
            f"no recorded call was made as role {role}",
            where=str(data_dir),
            fix="Run the pipeline in this data directory first, then ask again.",
        )
    Console().print_json(json.dumps(least_privilege(decisions)))
