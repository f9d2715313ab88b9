"""Log group and stream ARNs, group identifiers (a name or an ARN), and the errors that name
missing resources, in CloudWatch Logs' own words.

A log group's ``arn`` ends in ``:*`` (it covers the group's streams, as IAM policies write
it); ``logGroupArn`` and TagResource's ``resourceArn`` do not.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_LogGroup.html
"""

from __future__ import annotations

import re

from fourbeat.errors import AwsError

_ARN = re.compile(
    r"^arn:aws[a-z-]*:logs:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"(?P<kind>[a-z-]+):(?P<rest>.+)$"
)


def group_arn(region: str, account: str, name: str) -> str:
    return f"arn:aws:logs:{region}:{account}:log-group:{name}"


def stream_arn(region: str, account: str, group: str, stream: str) -> str:
    return f"{group_arn(region, account, group)}:log-stream:{stream}"


def group_missing() -> AwsError:
    return AwsError("ResourceNotFoundException", "The specified log group does not exist.")


def stream_missing() -> AwsError:
    return AwsError("ResourceNotFoundException", "The specified log stream does not exist.")


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message)


def group_from_identifier(identifier: str, region: str, account: str) -> str:
    """The group a ``logGroupIdentifier`` names: its name or its ``logGroupArn`` (the model's
    pattern already refuses the ``:*`` form). A group of another account or Region is not
    there to be found."""
    if not identifier.startswith("arn:"):
        return identifier
    match = _ARN.match(identifier)
    name = match["rest"] if match else ""
    if match is None or match["kind"] != "log-group" or not name or ":" in name:
        raise invalid(f"Invalid log group identifier: {identifier}")  # assumed wording
    if (match["region"], match["account"]) != (region, account):
        raise group_missing()
    return name


def group_from_resource_arn(arn: str, region: str, account: str) -> str:
    """The group a TagResource ``resourceArn`` names (log groups are the only taggable
    resource served)."""
    match = _ARN.match(arn)
    if match is None:
        raise invalid(f"Invalid resource ARN: {arn}")  # assumed wording
    name = match["rest"]
    if match["kind"] != "log-group" or ":" in name:
        raise AwsError("ResourceNotFoundException", "The specified resource does not exist.")
    if (match["region"], match["account"]) != (region, account):
        raise group_missing()
    return name
