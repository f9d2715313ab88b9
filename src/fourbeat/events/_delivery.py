"""Delivering an event message to its target: an SQS queue (SendMessage) or a Lambda function
(an asynchronous invocation, which Lambda's own queue then retries).

A source service (``s3.amazonaws.com``) may deliver only where the target's resource policy
lets it: the queue policy must allow it ``sqs:SendMessage``, the function policy
``lambda:InvokeFunction``, with ``aws:SourceArn`` and ``aws:SourceAccount`` set as the
source sets them; IAM decides exactly as for any other principal. The message then goes out
as the target's owner would receive it. A delivery that cannot be made (the target is gone,
or its policy does not allow the source) is logged with the message and dropped, as the
source service drops it on AWS.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from fourbeat.iam import (
    ADMIN_ACCESS_KEY,
    ADMIN_SECRET_KEY,
    Credentials,
    PolicySet,
    Request,
    ServicePrincipal,
    compile_policy,
    evaluate,
)
from fourbeat.services._arns import queue_url
from fourbeat.store import Claim

if TYPE_CHECKING:
    from fourbeat.services._base import Environment

DELIVERY_KIND = "events.delivery"
"""Payload: ``{"target": ARN, "message": JSON document, "source": {"service", "arn",
"account"}}``; without a source (S3's test event) the delivery is the account's own."""
_ACTIONS = {"sqs": "sqs:SendMessage", "lambda": "lambda:InvokeFunction"}

_log = logging.getLogger("fourbeat.events")


class Deliveries:
    def __init__(self, env: Environment) -> None:
        self._env = env
        self._admin = Credentials(ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY)
        self._clients: dict[str, Any] = {}
        """One client per target service, made once: making one costs milliseconds."""

    def work_handlers(self) -> Mapping[str, Callable[[Claim], None]]:
        return {DELIVERY_KIND: self._deliver}

    def _deliver(self, claim: Claim) -> None:
        target: str = claim.payload["target"]
        message = json.dumps(claim.payload["message"])
        try:
            source = claim.payload.get("source")
            if source is not None and not self._allowed(source, target):
                _log.warning(
                    "%s may not deliver to %s (its resource policy does not allow it): dropped %s",
                    source["service"],
                    target,
                    message,
                )
            else:
                self._send(target, message)
        except ClientError as error:
            _log.warning(
                "an event for %s could not be delivered (%s) and is dropped: %s",
                target,
                error.response["Error"].get("Message", error),
                message,
            )
        self._env.store.queue.finish(claim)

    def _allowed(self, source: dict[str, str], target: str) -> bool:
        service, account = _arn_parts(target)
        action = _ACTIONS.get(service)
        if action is None:
            return True  # a target fourbeat cannot deliver to is reported by _send
        policy = self._resource_policy(service, target)
        request = Request(
            ServicePrincipal(source["service"]),
            action,
            target,
            account,
            {"aws:SourceArn": source["arn"], "aws:SourceAccount": source["account"]},
        )
        resource = compile_policy(policy) if policy else None
        return evaluate(request, PolicySet(resource=resource)).allowed

    def _resource_policy(self, service: str, target: str) -> str | None:
        client = self._client(service)
        try:
            if service == "sqs":
                found = client.get_queue_attributes(
                    QueueUrl=queue_url(target), AttributeNames=["Policy"]
                )
                policy = found.get("Attributes", {}).get("Policy")
                return None if policy is None else str(policy)
            return str(client.get_policy(FunctionName=target)["Policy"])
        except ClientError as error:
            if error.response["Error"]["Code"] == "ResourceNotFoundException":
                return None  # a function with no policy (or none at all: _send says which)
            raise

    def _client(self, service: str) -> Any:
        client = self._clients.get(service)
        if client is None:  # the cloud's region is the target's
            client = self._clients[service] = self._env.client(service, self._admin)
        return client

    def _send(self, target: str, message: str) -> None:
        service = _arn_parts(target)[0]
        client = self._client(service)
        if service == "sqs":
            client.send_message(QueueUrl=queue_url(target), MessageBody=message)
        elif service == "lambda":
            client.invoke(FunctionName=target, InvocationType="Event", Payload=message)
        else:
            _log.error("fourbeat does not deliver to %s targets yet: dropped %s", service, message)


def _arn_parts(arn: str) -> tuple[str, str]:
    """(service, account) of an ARN."""
    _, _, service, _, account = arn.split(":", 5)[:5]
    return service, account
