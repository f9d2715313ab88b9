"""The resource types fourbeat provisions, each by its CloudFormation type name."""

from __future__ import annotations

from fourbeat.template._resources._base import Context, Created, Provisioner
from fourbeat.template._resources._iam import ManagedPolicy, Policy, Role
from fourbeat.template._resources._lambda import EventSourceMapping, Function, Permission
from fourbeat.template._resources._s3 import Bucket, BucketPolicy
from fourbeat.template._resources._sqs import Queue, QueuePolicy
from fourbeat.template._resources._stepfunctions import StateMachine

__all__ = ["Context", "Created", "Provisioner", "provisioners"]


def provisioners() -> dict[str, Provisioner]:
    """Type name -> its provisioner; built per deployment, nothing registered at import."""
    return {
        "AWS::S3::Bucket": Bucket(),
        "AWS::S3::BucketPolicy": BucketPolicy(),
        "AWS::SQS::Queue": Queue(),
        "AWS::SQS::QueuePolicy": QueuePolicy(),
        "AWS::IAM::Role": Role(),
        "AWS::IAM::Policy": Policy(),
        "AWS::IAM::ManagedPolicy": ManagedPolicy(),
        "AWS::Lambda::Function": Function(),
        "AWS::Lambda::Permission": Permission(),
        "AWS::Lambda::EventSourceMapping": EventSourceMapping(),
        "AWS::StepFunctions::StateMachine": StateMachine(),
    }
