"""Checking a bucket policy document as PutBucketPolicy does before storing it.

Evaluating the policy is the IAM package's job; here only its form is checked, with the
``MalformedPolicy`` wording S3 uses ("Policies must be valid JSON and the first byte must be
'{'", "Policy has invalid resource", …).
https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
"""

from __future__ import annotations

import json
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.iam import action_exists


def check_policy(text: str, bucket: str) -> None:
    if not text.lstrip().startswith("{"):
        raise _malformed("Policies must be valid JSON and the first byte must be '{'")
    try:
        document = json.loads(text)
    except ValueError:
        raise _malformed("This policy contains invalid Json") from None
    statements = document.get("Statement")
    if statements is None:
        raise _malformed("Missing required field Statement")
    for statement in statements if isinstance(statements, list) else [statements]:
        _check_statement(statement, bucket)


def _check_statement(statement: Any, bucket: str) -> None:
    if not isinstance(statement, dict):
        raise _malformed("This policy contains invalid Json")
    effect = statement.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise _malformed(f"Invalid effect: {effect}")
    if "Principal" not in statement and "NotPrincipal" not in statement:
        raise _malformed("Missing required field Principal")
    actions = _listed(statement, "Action", "NotAction")
    if not all(_valid_action(action) for action in actions):
        raise _malformed("Policy has invalid action")
    resources = _listed(statement, "Resource", "NotResource")
    if not all(_in_bucket(resource, bucket) for resource in resources):
        raise _malformed("Policy has invalid resource")


def _listed(statement: dict[str, Any], name: str, negated: str) -> list[Any]:
    value = statement.get(name, statement.get(negated))
    if value is None:
        raise _malformed(f"Missing required field {name}")
    return value if isinstance(value, list) else [value]


def _valid_action(action: Any) -> bool:
    if not isinstance(action, str):
        return False
    if action == "*":
        return True
    service, _, name = action.partition(":")
    if service.lower() != "s3" or not name:
        return False
    return "*" in name or "?" in name or action_exists(f"s3:{name}")


def _in_bucket(resource: Any, bucket: str) -> bool:
    """A bucket policy names only the bucket and its objects."""
    if not isinstance(resource, str):
        return False
    arn = f"arn:aws:s3:::{bucket}"
    return resource == arn or resource.startswith(f"{arn}/")


def _malformed(message: str) -> AwsError:
    return AwsError("MalformedPolicy", message, 400)
