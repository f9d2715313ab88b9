"""The ``fourbeat`` command (typer). Expected errors print a clear message, never a traceback."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from fourbeat.cli import _conformance, _demo, _deploy, _iam, _invoke, _logs, _validate
from fourbeat.errors import FourbeatError

app = typer.Typer(
    name="fourbeat",
    help="Run AWS AI pipelines on one machine, faithfully.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("demo")(_demo.demo)
app.command("deploy")(_deploy.deploy)
app.command("validate")(_validate.validate)
app.command("invoke")(_invoke.invoke)
app.command("logs")(_logs.logs)
app.add_typer(_conformance.app, name="conformance")
app.add_typer(_iam.app, name="iam")


@app.command()
def version() -> None:
    """Print fourbeat's version."""
    from fourbeat import __version__

    Console().print(f"fourbeat {__version__}")


def main() -> None:
    try:
        app()
    except FourbeatError as error:
        Console(stderr=True).print(f"[bold red]error:[/] {error.describe()}", highlight=False)
        sys.exit(1)
