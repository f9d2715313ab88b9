"""Checks made before anything is created: types, cycles, parameters."""

from __future__ import annotations

from pathlib import Path

import pytest

from fourbeat.errors import FourbeatError
from fourbeat.template import TemplateError, prepare

UNSUPPORTED = """
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
"""
CYCLE = """
Resources:
  A:
    Type: AWS::SQS::Queue
    Properties: {RedrivePolicy: {deadLetterTargetArn: !GetAtt B.Arn, maxReceiveCount: 1}}
  B:
    Type: AWS::SQS::Queue
    DependsOn: A
"""


def test_every_unsupported_type_is_named_at_once(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as raised:
        prepare(UNSUPPORTED, "t.yaml", tmp_path, "us-east-1", {})
    assert "Table (AWS::DynamoDB::Table), Topic (AWS::SNS::Topic)" in raised.value.what
    assert "AWS::SQS::Queue" in raised.value.fix


def test_a_circular_dependency_names_its_cycle(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as raised:
        prepare(CYCLE, "t.yaml", tmp_path, "us-east-1", {})
    assert raised.value.what.startswith("Circular dependency between resources: ")
    assert {"A", "B"} <= set(raised.value.what.rsplit(": ", 1)[1].split(" -> "))


def test_dependencies_come_first(tmp_path: Path) -> None:
    acyclic = CYCLE.replace("    DependsOn: A\n", "")
    assert prepare(acyclic, "t.yaml", tmp_path, "us-east-1", {}).order == ["B", "A"]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({}, "Parameters: [Stage] must have values"),
        ({"Stage": "qa"}, "Parameter 'Stage' must be one of AllowedValues"),
        ({"Stage": "dev", "Other": "x"}, "Parameters: [Other] do not exist in the template"),
    ],
)
def test_parameters_are_checked_as_cloudformation_checks_them(
    tmp_path: Path, given: dict[str, str], message: str
) -> None:
    text = "Parameters:\n  Stage: {Type: String, AllowedValues: [dev, prod]}\n" + UNSUPPORTED
    with pytest.raises(FourbeatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        prepare(text, "t.yaml", tmp_path, "us-east-1", given)


def test_a_missing_code_uri_directory_is_named(tmp_path: Path) -> None:
    text = (
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties: {CodeUri: nowhere, Handler: a.b, Runtime: python3.12}\n"
    )
    with pytest.raises(FourbeatError, match="'nowhere' does not exist"):
        prepare(text, "t.yaml", tmp_path, "us-east-1", {})
