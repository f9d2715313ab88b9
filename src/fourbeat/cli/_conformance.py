"""``fourbeat conformance asl FILE.jsonl``: replay recorded executions, print pass rates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from fourbeat import conformance
from fourbeat.errors import FourbeatError
from fourbeat.stepfunctions import Sandbox

app = typer.Typer(help="Replay executions recorded on AWS and compare.", no_args_is_help=True)


@app.command("asl")
def asl(
    corpus: Annotated[Path, typer.Argument(help="A JSON Lines file of recorded executions.")],
    show: Annotated[int, typer.Option(help="How many failing ids to list.")] = 50,
) -> None:
    """Run each recorded definition through the Step Functions service and compare."""
    if not corpus.is_file():
        raise FourbeatError("no such file", where=str(corpus), fix="Give a .jsonl corpus.")
    cases = conformance.load_cases(corpus)
    console = Console()
    with Sandbox() as sandbox, Progress(console=console, transient=True) as progress:
        task = progress.add_task("replaying", total=len(cases))
        outcomes = conformance.run_corpus(
            cases, sandbox.run, progress=lambda: progress.advance(task)
        )
    for key in ("category", "feature"):
        console.print(_rates_table(key, conformance.pass_rates(outcomes, key)))
    failed = [o for o in outcomes if o.failure is not None]
    passed = len(outcomes) - len(failed)
    console.print(
        f"[bold]{passed} of {len(outcomes)} passed[/] ({_percent(passed, len(outcomes))})"
    )
    for outcome in failed[:show]:
        console.print(f"[red]FAIL[/] {outcome.id}: {outcome.failure}", highlight=False)
    if len(failed) > show:
        console.print(f"... and {len(failed) - show} more")
    if failed:
        raise typer.Exit(1)


def _rates_table(key: str, rates: dict[str, tuple[int, int]]) -> Table:
    table = Table(title=f"pass rate by {key}")
    for column in (key, "passed", "total", "rate"):
        table.add_column(column, justify="left" if column == key else "right")
    for group, (passed, total) in rates.items():
        table.add_row(group, str(passed), str(total), _percent(passed, total))
    return table


def _percent(passed: int, total: int) -> str:
    return f"{100 * passed / total:.1f}%" if total else "-"
