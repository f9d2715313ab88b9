"""``fourbeat demo``: a short, real scenario on a local cloud, told step by step.

Until the invoice pipeline lands, the demo is the pipeline's first beat: a document uploaded
to a bucket, a job message on a queue with a dead-letter queue, a worker that receives the job,
reads the document back, and deletes the message; then what IAM was asked on the way.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import boto3
import typer
from rich.console import Console
from rich.table import Table

from fourbeat.cloud import Cloud

INVOICE = b"INVOICE 2026-0042\nAcme Paper Co.\n10 x A4 ream @ 4.20 = 42.00\nTotal due: 42.00 EUR\n"


def demo(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Data directory to use (default: a fresh temporary one)."),
    ] = None,
) -> None:
    """Upload a document, queue a job for it, receive it and read the document back."""
    console = Console()
    root = data_dir or Path(tempfile.mkdtemp(prefix="fourbeat-demo-"))
    with Cloud(root) as cloud:
        steps = _Steps(console)
        _run(steps)
        console.print()
        console.print(_iam_table(cloud))
    console.print(f"\n[green]Done.[/] The cloud's state is in [bold]{root}[/].")


class _Steps:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.number = 0

    def __call__(self, what: str, action: Callable[[], Any]) -> Any:
        self.number += 1
        result = action()
        self.console.print(f"[bold cyan]{self.number}.[/] {what}")
        return result


def _run(step: _Steps) -> None:
    s3, sqs = boto3.client("s3"), boto3.client("sqs")
    step("created bucket [bold]invoices[/]", lambda: s3.create_bucket(Bucket="invoices"))
    etag = step(
        "uploaded [bold]incoming/acme-0042.txt[/]",
        lambda: s3.put_object(Bucket="invoices", Key="incoming/acme-0042.txt", Body=INVOICE),
    )["ETag"]
    dlq = step(
        "created dead-letter queue [bold]invoice-jobs-dlq[/]",
        lambda: sqs.create_queue(QueueName="invoice-jobs-dlq"),
    )["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 3})
    queue = step(
        "created queue [bold]invoice-jobs[/] (3 receives, then the dead-letter queue)",
        lambda: sqs.create_queue(QueueName="invoice-jobs", Attributes={"RedrivePolicy": redrive}),
    )["QueueUrl"]
    job = {"bucket": "invoices", "key": "incoming/acme-0042.txt", "etag": etag}
    step(
        "sent a job message for the document",
        lambda: sqs.send_message(QueueUrl=queue, MessageBody=json.dumps(job)),
    )
    message = step(
        "a worker received the job (long poll)",
        lambda: sqs.receive_message(
            QueueUrl=queue, WaitTimeSeconds=1, AttributeNames=["ApproximateReceiveCount"]
        ),
    )["Messages"][0]
    body = json.loads(message["Body"])
    document = step(
        "the worker read the document back from S3",
        lambda: s3.get_object(Bucket=body["bucket"], Key=body["key"])["Body"].read(),
    )
    same = f'"{hashlib.md5(document).hexdigest()}"' == body["etag"]
    step.console.print(
        f"   {len(document)} bytes, first line [italic]{document.splitlines()[0].decode()}[/], "
        f"ETag {'matches' if same else '[red]does not match[/]'} the upload"
    )
    step(
        "the worker deleted the message: the job is done",
        lambda: sqs.delete_message(QueueUrl=queue, ReceiptHandle=message["ReceiptHandle"]),
    )
    left = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])
    step.console.print(
        f"   messages left on the queue: {left['Attributes']['ApproximateNumberOfMessages']}"
    )


def _iam_table(cloud: Cloud) -> Table:
    table = Table(title="What IAM was asked (every call passes one authorization point)")
    table.add_column("principal")
    table.add_column("action")
    table.add_column("resource")
    for request in cloud.authorizer.requests:
        table.add_row(request.principal.rsplit(":", 1)[-1], request.action, request.resource)
    return table
