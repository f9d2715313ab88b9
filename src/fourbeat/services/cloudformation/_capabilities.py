"""The capabilities CreateStack requires a caller to acknowledge.

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
(Capabilities): IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM, and a
template with a transform (SAM's included) CAPABILITY_AUTO_EXPAND when created directly.
"""

from __future__ import annotations

from collections.abc import Sequence

from fourbeat.errors import AwsError
from fourbeat.template import Prepared

_IAM_NAMES = {
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
    "AWS::IAM::Policy": "",
    "AWS::IAM::AccessKey": "",
}


def required_capabilities(prepared: Prepared) -> list[str]:
    needed = ""
    for resource in prepared.template["Resources"].values():
        name_property = _IAM_NAMES.get(resource.get("Type", ""))
        if name_property is None:
            continue
        named = name_property and name_property in resource.get("Properties", {})
        if named or needed == "CAPABILITY_NAMED_IAM":
            needed = "CAPABILITY_NAMED_IAM"
        else:
            needed = "CAPABILITY_IAM"
    expand = ["CAPABILITY_AUTO_EXPAND"] if "Transform" in prepared.original else []
    return expand + ([needed] if needed else [])


def check_capabilities(prepared: Prepared, given: Sequence[str]) -> None:
    for capability in required_capabilities(prepared):
        satisfied = capability in given or (
            capability == "CAPABILITY_IAM" and "CAPABILITY_NAMED_IAM" in given
        )
        if not satisfied:
            raise AwsError(
                "InsufficientCapabilitiesException", f"Requires capabilities : [{capability}]"
            )
