"""AWS::SQS::Queue and AWS::SQS::QueuePolicy.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html
A queue's properties are its attributes (RedrivePolicy as an object, numbers as numbers); the
API takes every attribute as a string. A queue without QueueName is ``stack-LogicalId-RANDOM``
(with ``.fifo`` for a FIFO queue). Ref is the queue URL.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from fourbeat.template._resources._base import Context, Created, required, tag_map

_ATTRIBUTES = (
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "DelaySeconds",
    "FifoQueue",
    "FifoThroughputLimit",
    "KmsDataKeyReusePeriodSeconds",
    "KmsMasterKeyId",
    "MaximumMessageSize",
    "MessageRetentionPeriod",
    "ReceiveMessageWaitTimeSeconds",
    "RedriveAllowPolicy",
    "RedrivePolicy",
    "SqsManagedSseEnabled",
    "VisibilityTimeout",
)


def _attribute(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


class Queue:
    attributes: ClassVar[tuple[str, ...]] = ("Arn", "QueueName", "QueueUrl")

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        fifo = _attribute(props.get("FifoQueue", False)) == "true"
        name = props.get("QueueName") or ctx.name(logical_id, 80, tail=".fifo" if fifo else "")
        attributes = {k: _attribute(props[k]) for k in _ATTRIBUTES if k in props}
        args: dict[str, Any] = {"QueueName": name, "Attributes": attributes}
        if props.get("Tags"):
            args["tags"] = tag_map(props["Tags"])
        sqs = ctx.client("sqs")
        url = sqs.create_queue(**args)["QueueUrl"]
        arn = f"arn:{ctx.partition}:sqs:{ctx.region}:{ctx.account}:{name}"
        return Created(url, {"Arn": arn, "QueueName": name, "QueueUrl": url})

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        ctx.client("sqs").delete_queue(QueueUrl=created.physical_id)


class QueuePolicy:
    attributes: ClassVar[tuple[str, ...]] = ("Id",)

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        policy = required(props, "PolicyDocument", logical_id)
        text = policy if isinstance(policy, str) else json.dumps(policy)
        sqs = ctx.client("sqs")
        for url in required(props, "Queues", logical_id):
            sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": text})
        physical_id = ctx.name(logical_id, 128)
        return Created(physical_id, {"Id": physical_id})

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        sqs = ctx.client("sqs")
        for url in props["Queues"]:
            sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": ""})
