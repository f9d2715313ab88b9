"""Delivering an event message to its target: an SQS queue (SendMessage) or a Lambda function
(an asynchronous invocation, which Lambda's own queue then retries).

The message is sent as the target's owner would receive it from the source service. Resource
policies (the queue policy, the function policy that must allow ``s3.amazonaws.com``) are
where IAM will check the source service; until then a delivery is made with the account's
administrator credentials. A delivery that cannot be made (the target is gone) is logged with
the message and dropped, as the source service drops it on AWS.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from fourbeat.iam import ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY, Credentials
from fourbeat.store import Claim

if TYPE_CHECKING:
    from fourbeat.services._base import Environment

DELIVERY_KIND = "events.delivery"
"""Payload: ``{"target": ARN, "message": JSON document}``."""

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
            self._send(target, message)
        except ClientError as error:
            _log.warning(
                "an event for %s could not be delivered (%s) and is dropped: %s",
                target,
                error.response["Error"].get("Message", error),
                message,
            )
        self._env.store.queue.finish(claim)

    def _send(self, target: str, message: str) -> None:
        service, account, resource = _arn_parts(target)
        client = self._clients.get(service)
        if client is None:  # the cloud's region is the target's
            client = self._clients[service] = self._env.client(service, self._admin)
        if service == "sqs":
            url = client.get_queue_url(QueueName=resource, QueueOwnerAWSAccountId=account)
            client.send_message(QueueUrl=url["QueueUrl"], MessageBody=message)
        elif service == "lambda":
            client.invoke(FunctionName=target, InvocationType="Event", Payload=message)
        else:
            _log.error("fourbeat does not deliver to %s targets yet: dropped %s", service, message)


def _arn_parts(arn: str) -> tuple[str, str, str]:
    """(service, account, resource) of an ARN."""
    _, _, service, _, account, resource = arn.split(":", 5)
    return service, account, resource
