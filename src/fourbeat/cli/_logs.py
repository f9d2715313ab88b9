"""``fourbeat logs FUNCTION [--follow]``: a function's CloudWatch Logs, oldest first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from botocore.exceptions import ClientError
from rich.console import Console

from fourbeat.clock import SystemClock, as_datetime
from fourbeat.cloud import DEFAULT_DATA_DIR, Cloud
from fourbeat.errors import FourbeatError

FOLLOW_SECONDS = 1.0


def logs(
    function: Annotated[str, typer.Argument(help="The function's name.")],
    follow: Annotated[
        bool, typer.Option("--follow", "-f", help="Keep printing new lines.")
    ] = False,
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="The cloud's data directory.")
    ] = Path(DEFAULT_DATA_DIR),
) -> None:
    """Print FUNCTION's log lines (with --follow, until Ctrl-C)."""
    console = Console(highlight=False)
    group = f"/aws/lambda/{function}"
    clock = SystemClock()
    with Cloud(data_dir, engine=False) as cloud:
        client = cloud.client("logs")
        start = 0
        try:
            while True:
                start = _print_since(console, client, group, start)
                if not follow:
                    return
                clock.sleep(FOLLOW_SECONDS)
        except KeyboardInterrupt:
            return


def _print_since(console: Console, client: Any, group: str, start: int) -> int:
    """Print the group's events from ``start`` (ms); the time to ask from next."""
    params: dict[str, Any] = {"logGroupName": group, "startTime": start}
    try:
        while True:
            page = client.filter_log_events(**params)
            for event in page["events"]:
                stamp = as_datetime(event["timestamp"] / 1000).strftime("%H:%M:%S.%f")[:-3]
                console.print(f"[dim]{stamp}[/] {event['message']}")
                start = max(start, event["timestamp"] + 1)
            if "nextToken" not in page:
                return start
            params["nextToken"] = page["nextToken"]
    except ClientError as error:
        if error.response["Error"]["Code"] == "ResourceNotFoundException":
            raise FourbeatError(
                f"no logs for {group}",
                fix="Invoke the function first; its role needs logs permissions "
                "(AWSLambdaBasicExecutionRole) for Lambda to keep its logs.",
            ) from None
        raise
