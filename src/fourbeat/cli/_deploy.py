"""``fourbeat deploy TEMPLATE --stack-name NAME``: create a stack in a data directory through
the local CloudFormation service, then print its resources and outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from botocore.exceptions import ClientError
from rich.console import Console
from rich.table import Table

from fourbeat.cloud import DEFAULT_DATA_DIR, Cloud
from fourbeat.errors import FourbeatError

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
"""What ``sam deploy --capabilities`` would acknowledge for a local deployer."""


def deploy(
    template: Annotated[Path, typer.Argument(help="The SAM or CloudFormation template.")],
    stack_name: Annotated[str, typer.Option("--stack-name", help="The stack's name.")],
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="The cloud's data directory.")
    ] = Path(DEFAULT_DATA_DIR),
    parameter: Annotated[
        list[str] | None, typer.Option("--parameter", help="A parameter value, KEY=VALUE.")
    ] = None,
) -> None:
    """Deploy TEMPLATE as stack NAME and print what it created."""
    parameters = [_parameter(text) for text in parameter or []]
    with Cloud(data_dir, engine=False) as cloud:
        cfn = cloud.client("cloudformation")
        try:
            cfn.create_stack(
                StackName=stack_name,
                TemplateURL=f"file://{template.resolve()}",
                Parameters=parameters,
                Capabilities=CAPABILITIES,
            )
            stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
            resources = cfn.list_stack_resources(StackName=stack_name)["StackResourceSummaries"]
            events = cfn.describe_stack_events(StackName=stack_name)["StackEvents"]
        except ClientError as error:
            details = error.response["Error"]
            message = f"{details['Code']}: {details['Message']}"
            raise FourbeatError(message, where=str(template)) from error
    _report(Console(), stack, resources, events)


def _parameter(text: str) -> dict[str, str]:
    key, sep, value = text.partition("=")
    if not sep:
        raise FourbeatError(f"--parameter {text!r} is not KEY=VALUE")
    return {"ParameterKey": key, "ParameterValue": value}


def _report(console: Console, stack: Any, resources: Any, events: Any) -> None:
    if stack["StackStatus"] != "CREATE_COMPLETE":
        failed = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"]
        reasons = "; ".join(
            f"{e['LogicalResourceId']}: {e['ResourceStatusReason']}" for e in failed
        )
        raise FourbeatError(
            f"stack {stack['StackName']} ended {stack['StackStatus']}: {reasons}",
            fix="What was created has been removed; fix the resource named and deploy again.",
        )
    table = Table("Logical id", "Type", "Physical id", title=f"Stack {stack['StackName']}")
    for resource in resources:
        table.add_row(
            resource["LogicalResourceId"], resource["ResourceType"], resource["PhysicalResourceId"]
        )
    console.print(table)
    if stack.get("Outputs"):
        outputs = Table("Output", "Value", title="Outputs")
        for output in stack["Outputs"]:
            outputs.add_row(output["OutputKey"], output["OutputValue"])
        console.print(outputs)
