"""Resource addresses one service forms for another's resources (what AWS's own services do
without asking: Lambda polls a queue knowing only its ARN)."""

from __future__ import annotations


def queue_url(queue_arn: str) -> str:
    """An SQS queue's URL from its ARN (``arn:aws:sqs:REGION:ACCOUNT:NAME``)."""
    region, account, name = queue_arn.split(":")[3:6]
    return f"https://sqs.{region}.amazonaws.com/{account}/{name}"
