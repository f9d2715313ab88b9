"""Function names and ARNs as Lambda accepts them, and the errors for functions not there.

``FunctionName`` may be a name (``my-function``), a partial ARN (``123456789012:function:
my-function``) or a full ARN, any of them with a ``:qualifier``.
https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#lambda-Invoke-request-FunctionName
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fourbeat.errors import AwsError

_NAME = re.compile(
    r"^(?:arn:aws[a-zA-Z-]*:lambda:(?P<region>[a-z0-9-]+):)?(?:(?P<account>\d{12}):)?"
    r"(?:function:)?(?P<name>[a-zA-Z0-9_-]{1,64})(?::(?P<qualifier>\$LATEST|[a-zA-Z0-9_-]+))?$"
)
LATEST = "$LATEST"


@dataclass(frozen=True)
class FunctionRef:
    name: str
    qualifier: str | None
    account: str
    region: str

    @property
    def arn(self) -> str:
        return function_arn(self.region, self.account, self.name)


def function_arn(region: str, account: str, name: str, qualifier: str | None = None) -> str:
    arn = f"arn:aws:lambda:{region}:{account}:function:{name}"
    return f"{arn}:{qualifier}" if qualifier else arn


def parse_function(
    text: str, account: str, region: str, qualifier: str | None = None
) -> FunctionRef:
    """The function a ``FunctionName`` (and optional ``Qualifier``) names."""
    match = _NAME.match(text)
    if match is None:
        raise invalid_parameter(f"Invalid function name or ARN: {text}")
    named = match["qualifier"]
    if named and qualifier and named != qualifier:
        raise invalid_parameter(
            "The derived qualifier from the function name does not match the specified qualifier."
        )
    other_account = match["account"] not in (None, account)
    if other_account or match["region"] not in (None, region):
        where = function_arn(match["region"] or region, match["account"] or account, match["name"])
        raise function_missing(where)
    return FunctionRef(match["name"], named or qualifier, account, region)


def function_missing(arn: str) -> AwsError:
    return AwsError("ResourceNotFoundException", f"Function not found: {arn}", Type="User")


def invalid_parameter(message: str) -> AwsError:
    return AwsError("InvalidParameterValueException", message, Type="User")
