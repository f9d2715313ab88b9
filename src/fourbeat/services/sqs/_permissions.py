"""AddPermission and RemovePermission: statements in the queue's Policy, keyed by label.

AddPermission grants the listed accounts the listed actions (``*`` or any SQS action, at most 7
in a statement); RemovePermission deletes the statement with that label
(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_AddPermission.html).
"""

from __future__ import annotations

import json
import re
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.iam import action_exists
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.sqs._common import SqsOperations
from fourbeat.services.sqs._errors import invalid_parameter, invalid_value
from fourbeat.services.sqs._queue import Queue, get_queue, save_attributes

MAX_ACTIONS = 7
_LABEL = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
_ACCOUNT = re.compile(r"^\d{12}$")


class PermissionOperations(SqsOperations):
    def AddPermission(self, request: Request, params: Params) -> Response:
        label, accounts, actions = params["Label"], params["AWSAccountIds"], params["Actions"]
        _check_grant(label, accounts, actions)
        ref = self.authorize_queue(request, "AddPermission", params["QueueUrl"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            policy = _policy(queue)
            if any(s.get("Sid") == label for s in policy["Statement"]):
                raise invalid_value("Label", label, "Already exists.")
            policy["Statement"].append(_statement(queue, label, accounts, actions))
            attributes = {**queue.attributes, "Policy": json.dumps(policy, separators=(",", ":"))}
            save_attributes(db, queue, attributes, self.clock.now())
        return {}

    def RemovePermission(self, request: Request, params: Params) -> Response:
        label = params["Label"]
        ref = self.authorize_queue(request, "RemovePermission", params["QueueUrl"])
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            policy = _policy(queue)
            kept = [s for s in policy["Statement"] if s.get("Sid") != label]
            if len(kept) == len(policy["Statement"]):
                raise invalid_value("Label", label, "can't find label on existing policy.")
            attributes = dict(queue.attributes)
            if kept:
                attributes["Policy"] = json.dumps(
                    {**policy, "Statement": kept}, separators=(",", ":")
                )
            else:
                attributes.pop("Policy")
            save_attributes(db, queue, attributes, self.clock.now())
        return {}


def _check_grant(label: str, accounts: list[str], actions: list[str]) -> None:
    if not _LABEL.match(label):
        raise invalid_value(
            "Label",
            label,
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
        )
    if not accounts or not all(_ACCOUNT.match(a) for a in accounts):
        raise invalid_parameter("AWSAccountIds must list 12-digit AWS account ids.")
    if not actions:
        raise invalid_parameter("The request must contain at least one action.")
    if len(actions) > MAX_ACTIONS:
        raise AwsError(
            "OverLimit", f"{len(actions)} Actions were found, maximum allowed is {MAX_ACTIONS}."
        )
    for number, action in enumerate(actions, 1):
        if action != "*" and not action_exists(f"sqs:{action}"):
            raise invalid_value(
                f"ActionName.{number}",
                action,
                "Please refer to the appropriate WSDL for a list of valid actions.",
            )


def _policy(queue: Queue) -> dict[str, Any]:
    text = queue.attributes.get("Policy")
    if text:
        policy: dict[str, Any] = json.loads(text)
        statements = policy.get("Statement", [])
        policy["Statement"] = statements if isinstance(statements, list) else [statements]
        return policy
    return {"Version": "2012-10-17", "Id": f"{queue.arn}/SQSDefaultPolicy", "Statement": []}


def _statement(queue: Queue, label: str, accounts: list[str], actions: list[str]) -> dict[str, Any]:
    principals = [f"arn:aws:iam::{account}:root" for account in accounts]
    granted = [f"SQS:{action}" for action in actions]
    return {
        "Sid": label,
        "Effect": "Allow",
        "Principal": {"AWS": principals[0] if len(principals) == 1 else principals},
        "Action": granted[0] if len(granted) == 1 else granted,
        "Resource": queue.arn,
    }
