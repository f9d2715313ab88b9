"""``fourbeat invoke FUNCTION``: invoke a function of a data directory and show what it
returned and printed, as ``aws lambda invoke --log-type Tail`` would."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Annotated

import typer
from botocore.exceptions import ClientError
from rich.console import Console
from rich.syntax import Syntax

from fourbeat.cloud import DEFAULT_DATA_DIR, Cloud
from fourbeat.errors import FourbeatError


def invoke(
    function: Annotated[str, typer.Argument(help="The function's name or ARN.")],
    event: Annotated[
        Path | None, typer.Option("--event", "-e", help="A JSON file with the event.")
    ] = None,
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="The cloud's data directory.")
    ] = Path(DEFAULT_DATA_DIR),
) -> None:
    """Invoke FUNCTION with an event and print its result and its log."""
    payload = _event(event)
    console = Console()
    with Cloud(data_dir, engine=False) as cloud:
        try:
            response = cloud.client("lambda").invoke(
                FunctionName=function, Payload=payload, LogType="Tail"
            )
        except ClientError as error:
            details = error.response["Error"]
            raise FourbeatError(
                f"{details['Code']}: {details['Message']}", where=str(data_dir)
            ) from None
    result = response["Payload"].read().decode()
    console.print(base64.b64decode(response["LogResult"]).decode(), highlight=False, end="")
    failed = "FunctionError" in response
    console.rule("[red]function error[/]" if failed else "[green]result[/]")
    console.print(Syntax(_pretty(result), "json", word_wrap=True))
    if failed:
        raise typer.Exit(1)


def _event(path: Path | None) -> bytes:
    if path is None:
        return b"{}"
    try:
        text = path.read_text()
        json.loads(text)
    except OSError as exc:
        raise FourbeatError(f"cannot read the event: {exc.strerror}", where=str(path)) from exc
    except ValueError as exc:
        raise FourbeatError(
            f"the event is not JSON: {exc}", where=str(path), fix="Give a JSON document."
        ) from exc
    return text.encode()


def _pretty(text: str) -> str:
    try:
        return json.dumps(json.loads(text), indent=2)
    except ValueError:
        return text
