"""Stacks from SAM templates, created through the cloud's own APIs and deleted again.
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat import Cloud

TEMPLATES = Path(__file__).parent.parent.parent / "template" / "templates"
SAM = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]


def _deploy(cloud: Cloud, name: str, template: str, **kwargs: Any) -> dict[str, Any]:
    cfn = cloud.client("cloudformation")
    url = f"file://{(TEMPLATES / template).resolve()}"
    cfn.create_stack(StackName=name, TemplateURL=url, Capabilities=SAM, **kwargs)
    stack: dict[str, Any] = cfn.describe_stacks(StackName=name)["Stacks"][0]
    return stack


def _resources(cloud: Cloud, name: str) -> dict[str, str]:
    listed = cloud.client("cloudformation").list_stack_resources(StackName=name)
    return {
        r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed["StackResourceSummaries"]
    }


def _outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}


def test_an_upload_runs_the_function_sam_wired_to_the_bucket(cloud: Cloud) -> None:
    stack = _deploy(
        cloud, "uploads", "upload/template.yaml",
        Parameters=[{"ParameterKey": "Stage", "ParameterValue": "prod"}],
    )  # fmt: skip
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    outputs = _outputs(stack)
    assert outputs["Greeting"] == "uploads in us-east-1 (prod)"
    bucket = outputs["UploadsBucket"]
    assert bucket.startswith("uploads-uploads-") and bucket == bucket.lower()
    names = _resources(cloud, "uploads")
    role = cloud.client("iam").get_role(RoleName=names["OnUploadRole"])["Role"]
    assert role["RoleName"].startswith("uploads-OnUploadRole-")
    attached = cloud.client("iam").list_attached_role_policies(RoleName=role["RoleName"])
    assert [p["PolicyName"] for p in attached["AttachedPolicies"]] == [
        "AWSLambdaBasicExecutionRole"
    ]
    policy = json.loads(cloud.client("lambda").get_policy(FunctionName=names["OnUpload"])["Policy"])
    assert policy["Statement"][0]["Principal"] == {"Service": "s3.amazonaws.com"}
    s3 = cloud.client("s3")
    config = s3.get_bucket_notification_configuration(Bucket=bucket)
    (wired,) = config["LambdaFunctionConfigurations"]
    assert wired["LambdaFunctionArn"].endswith(f":function:{names['OnUpload']}")
    s3.put_object(Bucket=bucket, Key="scan 1.png", Body=b"\x89PNG")
    cloud.engine.run_until_idle()
    results = outputs["ResultsArn"].removeprefix("arn:aws:s3:::")
    assert s3.get_object(Bucket=results, Key="scan 1.png.seen")["Body"].read() == b"prod"


def test_a_failing_message_goes_to_the_dead_letter_queue(cloud: Cloud) -> None:
    outputs = _outputs(_deploy(cloud, "jobs", "queue/template.yaml"))
    sqs = cloud.client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=outputs["WorkUrl"], AttributeNames=["All"])
    redrive = json.loads(attributes["Attributes"]["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":jobs-DeadLetters-" + redrive[
        "deadLetterTargetArn"].rsplit("-", 1)[1])  # fmt: skip
    sqs.send_message(QueueUrl=outputs["WorkUrl"], MessageBody="job-1")
    sqs.send_message(QueueUrl=outputs["WorkUrl"], MessageBody="poison")
    cloud.engine.run_until_idle()
    marks = _resources(cloud, "jobs")["Marks"]
    assert cloud.client("s3").get_object(Bucket=marks, Key="job-1")["Body"].read() == b"ok"
    cloud.clock.advance(31)  # the poison message's visibility timeout ends
    cloud.engine.run_until_idle()
    dead = sqs.receive_message(QueueUrl=outputs["DeadLettersUrl"])["Messages"]
    assert [m["Body"] for m in dead] == ["poison"]


def test_a_state_machine_from_definition_uri_invokes_the_substituted_function(
    cloud: Cloud,
) -> None:
    outputs = _outputs(_deploy(cloud, "machine", "machine/template.yaml"))
    sfn = cloud.client("stepfunctions")
    execution = sfn.start_execution(stateMachineArn=outputs["PipelineArn"], input='{"value": 21}')
    cloud.engine.run_until_idle()
    described = sfn.describe_execution(executionArn=execution["executionArn"])
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"value": 42}


FAILING = """
Resources:
  Kept:
    Type: AWS::SQS::Queue
  Broken:
    Type: AWS::SQS::Queue
    DependsOn: Kept
    Properties:
      QueueName: not a valid name!
"""


def test_a_failed_create_rolls_back_and_names_the_failing_resource(cloud: Cloud) -> None:
    cfn = cloud.client("cloudformation")
    cfn.create_stack(StackName="broken", TemplateBody=FAILING)
    stack = cfn.describe_stacks(StackName="broken")["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert "[Broken]" in stack["StackStatusReason"]
    events = cfn.describe_stack_events(StackName="broken")["StackEvents"]
    (failed,) = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"]
    assert failed["LogicalResourceId"] == "Broken"
    assert "InvalidParameterValue" in failed["ResourceStatusReason"]
    kept = [e for e in events if e["LogicalResourceId"] == "Kept"]
    assert kept[0]["ResourceStatus"] == "DELETE_COMPLETE"  # newest first
    assert cloud.client("sqs").list_queues().get("QueueUrls", []) == []


def test_iam_resources_need_their_capability(cloud: Cloud) -> None:
    cfn = cloud.client("cloudformation")
    url = f"file://{(TEMPLATES / 'upload/template.yaml').resolve()}"
    with pytest.raises(ClientError) as raised:
        cfn.create_stack(StackName="nocaps", TemplateURL=url, Capabilities=["CAPABILITY_IAM"])
    error = raised.value.response["Error"]
    assert error["Code"] == "InsufficientCapabilitiesException"
    assert error["Message"] == "Requires capabilities : [CAPABILITY_AUTO_EXPAND]"
    with pytest.raises(ClientError, match=r"\[CAPABILITY_IAM\]"):
        cfn.create_stack(
            StackName="nocaps", TemplateURL=url, Capabilities=["CAPABILITY_AUTO_EXPAND"]
        )


RETAINED = """
Resources:
  Gone:
    Type: AWS::SQS::Queue
    Properties: {QueueName: gone}
  Kept:
    Type: AWS::SQS::Queue
    DeletionPolicy: Retain
    Properties: {QueueName: kept}
"""


def test_delete_stack_removes_resources_except_retained_ones(cloud: Cloud) -> None:
    cfn = cloud.client("cloudformation")
    stack_id = cfn.create_stack(StackName="temp", TemplateBody=RETAINED)["StackId"]
    assert cfn.get_template(StackName="temp")["TemplateBody"] == RETAINED
    cfn.delete_stack(StackName="temp")
    urls = cloud.client("sqs").list_queues()["QueueUrls"]
    assert [u.rsplit("/", 1)[1] for u in urls] == ["kept"]
    assert cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == (
        "DELETE_COMPLETE"
    )
    with pytest.raises(ClientError, match="does not exist"):
        cfn.describe_stacks(StackName="temp")
