"""AWS services, one module (or package, once it grows) per service, one class each.

``SERVICES`` lists the classes a Cloud builds, keyed by botocore service name. A service knows
its API and nothing about who calls it.
"""

from __future__ import annotations

from fourbeat.services._base import Environment, NotServedError, Request, Service

__all__ = ["Environment", "NotServedError", "Request", "Service", "service_classes"]


def service_classes() -> dict[str, type[Service]]:
    """The service classes, imported when a Cloud is built (not when fourbeat is imported)."""
    from fourbeat.services.bedrock_runtime import BedrockRuntime
    from fourbeat.services.cloudformation import CloudFormation
    from fourbeat.services.iam import IAM
    from fourbeat.services.lambda_ import Lambda
    from fourbeat.services.logs import Logs
    from fourbeat.services.s3 import S3
    from fourbeat.services.sqs import SQS
    from fourbeat.services.stepfunctions import StepFunctions
    from fourbeat.services.sts import STS
    from fourbeat.services.textract import Textract

    served = (
        BedrockRuntime,
        CloudFormation,
        IAM,
        Lambda,
        Logs,
        S3,
        SQS,
        StepFunctions,
        STS,
        Textract,
    )
    return {cls.name: cls for cls in served}
