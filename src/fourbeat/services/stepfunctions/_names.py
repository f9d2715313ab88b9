"""ARNs and names of state machines and executions, and the errors that name them.

Names are 1 to 80 characters with no white space, brackets, wildcards, control characters or
any of ``"#%\\^|~`$&,;:/``.
https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from fourbeat.errors import AwsError

MAX_NAME = 80
_BAD_NAME = re.compile(r"[\s<>{}\[\]?*\"#%\\^|~`$&,;:/\x00-\x1f\x7f-\x9f]")
_ARN = re.compile(r"^arn:aws:states:([a-z0-9-]+):(\d{12}):([A-Za-z]+):(.+)$")


@dataclass(frozen=True)
class MachineArn:
    region: str
    account: str
    name: str

    def __str__(self) -> str:
        return f"arn:aws:states:{self.region}:{self.account}:stateMachine:{self.name}"

    def execution(self, name: str, express: bool) -> str:
        """An execution's ARN; an Express run's ends in a run id of its own."""
        base = f"arn:aws:states:{self.region}:{self.account}"
        if express:
            return f"{base}:express:{self.name}:{name}:{uuid.uuid4()}"
        return f"{base}:execution:{self.name}:{name}"


def check_name(name: str) -> None:
    if not 1 <= len(name) <= MAX_NAME or _BAD_NAME.search(name):
        raise AwsError("InvalidName", f"Invalid Name: '{name}'")


def machine_arn(arn: str) -> MachineArn:
    region, account, name = _parts(arn, "stateMachine", 1)
    return MachineArn(region, account, name)


def check_execution_arn(arn: str) -> None:
    """A Standard execution's ARN (Express runs keep no record to describe)."""
    _parts(arn, "execution", 2)


def _parts(arn: str, kind: str, names: int) -> tuple[str, str, str]:
    match = _ARN.match(arn)
    if match is None:
        raise AwsError("InvalidArn", f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
    region, account, found, rest = match.groups()
    if found != kind or len(rest.split(":")) != names:
        raise AwsError(
            "InvalidArn", f"Invalid Arn: 'Resource type not valid in this context: {found}'"
        )
    return region, account, rest


def machine_missing(arn: str) -> AwsError:
    return AwsError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'")


def execution_missing(arn: str) -> AwsError:
    return AwsError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'")
