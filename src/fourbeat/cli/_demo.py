"""``fourbeat demo``: a short, real scenario on a local cloud, told step by step.

Until the invoice pipeline lands, the demo is the pipeline's first beats: a document uploaded
to a bucket, a state machine that looks at it (S3 HeadObject as its role) and routes a job to
a queue with a dead-letter queue, a worker that receives the job, reads the document back and
deletes the message; then what IAM was asked on the way, and by whom.
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
from fourbeat.stepfunctions import STATES_TRUST

INVOICE = b"INVOICE 2026-0042\nAcme Paper Co.\n10 x A4 ream @ 4.20 = 42.00\nTotal due: 42.00 EUR\n"


def demo(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Data directory to use (default: a fresh temporary one)."),
    ] = None,
) -> None:
    """Upload a document, route a job for it through a state machine, and work the job."""
    console = Console()
    root = data_dir or Path(tempfile.mkdtemp(prefix="fourbeat-demo-"))
    with Cloud(root, engine=False) as cloud:
        steps = _Steps(console)
        _run(steps, cloud)
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


def _run(step: _Steps, cloud: Cloud) -> None:
    s3, sqs = boto3.client("s3"), boto3.client("sqs")
    step("created bucket [bold]invoices[/]", lambda: s3.create_bucket(Bucket="invoices"))
    etag = step(
        "uploaded [bold]incoming/acme-0042.txt[/]",
        lambda: s3.put_object(Bucket="invoices", Key="incoming/acme-0042.txt", Body=INVOICE),
    )["ETag"]
    step.console.print(f"   ETag {etag}")
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
    _route(step, cloud, queue)
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


def _route(step: _Steps, cloud: Cloud, queue: str) -> None:
    """The routing beat: a state machine checks the upload and queues the job."""
    iam = boto3.client("iam")
    role = step(
        "created role [bold]invoice-router[/] for Step Functions",
        lambda: iam.create_role(
            RoleName="invoice-router", AssumeRolePolicyDocument=json.dumps(STATES_TRUST)
        ),
    )["Role"]["Arn"]
    queue_arn = boto3.client("sqs").get_queue_attributes(
        QueueUrl=queue, AttributeNames=["QueueArn"]
    )["Attributes"]["QueueArn"]
    step(
        "allowed it exactly what it does: read [bold]invoices/incoming/*[/], send to the queue",
        lambda: iam.put_role_policy(
            RoleName="invoice-router",
            PolicyName="route-invoices",
            PolicyDocument=json.dumps(_router_policy(queue_arn)),
        ),
    )
    sfn = boto3.client("stepfunctions")
    machine = step(
        "created state machine [bold]route-invoice[/] (look at the document, queue a job)",
        lambda: sfn.create_state_machine(
            name="route-invoice", definition=json.dumps(_routing(queue)), roleArn=role
        ),
    )["stateMachineArn"]
    document = {"bucket": "invoices", "key": "incoming/acme-0042.txt"}
    execution = step(
        "started an execution for the upload",
        lambda: sfn.start_execution(stateMachineArn=machine, input=json.dumps(document)),
    )["executionArn"]
    step("the engine ran the execution", cloud.engine.run_until_idle)
    described = sfn.describe_execution(executionArn=execution)
    events = sfn.get_execution_history(executionArn=execution)["events"]
    path = [e["stateEnteredEventDetails"]["name"] for e in events if e["type"].endswith("Entered")]
    colour = "green" if described["status"] == "SUCCEEDED" else "red"
    route = " -> ".join(path)
    step.console.print(
        f"   {route}: [{colour}]{described['status']}[/] in {len(events)} history events"
    )


def _router_policy(queue_arn: str) -> dict[str, Any]:
    """Least privilege for the routing machine: IAM denies it anything else, as AWS would."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::invoices/incoming/*",
            },
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": queue_arn},
        ],
    }


def _routing(queue: str) -> dict[str, Any]:
    """HeadObject on the upload, a Choice on its size, the job to the queue (or a Fail)."""
    return {
        "Comment": "Route an uploaded invoice to the extraction queue",
        "StartAt": "LookAtDocument",
        "States": {
            "LookAtDocument": {
                "Type": "Task",
                "Resource": "arn:aws:states:::aws-sdk:s3:headObject",
                "Parameters": {"Bucket.$": "$.bucket", "Key.$": "$.key"},
                "ResultSelector": {"size.$": "$.ContentLength", "etag.$": "$.ETag"},
                "ResultPath": "$.object",
                "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2,
                           "IntervalSeconds": 1, "BackoffRate": 2}],
                "Next": "HasContent",
            },
            "HasContent": {
                "Type": "Choice",
                "Choices": [{"Variable": "$.object.size", "NumericGreaterThan": 0,
                             "Next": "QueueJob"}],
                "Default": "EmptyDocument",
            },
            "QueueJob": {
                "Type": "Task",
                "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {
                    "QueueUrl": queue,
                    "MessageBody": {"bucket.$": "$.bucket", "key.$": "$.key",
                                    "etag.$": "$.object.etag"},
                },
                "End": True,
            },
            "EmptyDocument": {"Type": "Fail", "Error": "EmptyDocument",
                              "Cause": "The upload has no content"},
        },
    }  # fmt: skip


def _iam_table(cloud: Cloud) -> Table:
    table = Table(title="What IAM decided (every call passes one authorization point)")
    table.add_column("principal", min_width=24)
    table.add_column("action")
    table.add_column("resource")
    table.add_column("IAM", no_wrap=True)
    for request in cloud.authorizer.requests:
        decision = "[green]allow[/]" if request.allowed else "[red]deny[/]"
        principal = request.principal.rsplit(":", 1)[-1]
        table.add_row(principal, request.action, request.resource, decision)
    return table
