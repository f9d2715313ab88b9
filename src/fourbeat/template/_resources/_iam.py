"""AWS::IAM::Role, AWS::IAM::Policy and AWS::IAM::ManagedPolicy.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
A role without RoleName is ``stack-LogicalId-RANDOM`` (64 characters at most); Ref is its name.
A ManagedPolicyArns entry for an AWS managed policy needs it in fourbeat's snapshot: IAM answers
NoSuchEntity otherwise, and the stack rolls back naming it.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fourbeat.template._resources._base import Context, Created, document, required


class Role:
    attributes: ClassVar[tuple[str, ...]] = ("Arn", "RoleId")

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        iam = ctx.client("iam")
        name = props.get("RoleName") or ctx.name(logical_id, 64)
        args: dict[str, Any] = {
            "RoleName": name,
            "AssumeRolePolicyDocument": document(
                required(props, "AssumeRolePolicyDocument", logical_id)
            ),
            "Path": props.get("Path", "/"),
        }
        for key in ("Description", "MaxSessionDuration", "PermissionsBoundary", "Tags"):
            if key in props:
                args[key] = int(props[key]) if key == "MaxSessionDuration" else props[key]
        role = iam.create_role(**args)["Role"]
        for policy in props.get("Policies", []):
            iam.put_role_policy(
                RoleName=name,
                PolicyName=policy["PolicyName"],
                PolicyDocument=document(policy["PolicyDocument"]),
            )
        for arn in props.get("ManagedPolicyArns", []):
            iam.attach_role_policy(RoleName=name, PolicyArn=arn)
        return Created(name, {"Arn": role["Arn"], "RoleId": role["RoleId"]})

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        iam = ctx.client("iam")
        name = created.physical_id
        for arn in props.get("ManagedPolicyArns", []):
            iam.detach_role_policy(RoleName=name, PolicyArn=arn)
        for policy in props.get("Policies", []):
            iam.delete_role_policy(RoleName=name, PolicyName=policy["PolicyName"])
        iam.delete_role(RoleName=name)


class Policy:
    """An inline policy put on each of its roles (users and groups are not served yet)."""

    attributes: ClassVar[tuple[str, ...]] = ("Id",)

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        iam = ctx.client("iam")
        name = required(props, "PolicyName", logical_id)
        text = document(required(props, "PolicyDocument", logical_id))
        for role in props.get("Roles", []):
            iam.put_role_policy(RoleName=role, PolicyName=name, PolicyDocument=text)
        physical_id = ctx.name(logical_id, 128)
        return Created(physical_id, {"Id": physical_id})

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        iam = ctx.client("iam")
        for role in props.get("Roles", []):
            iam.delete_role_policy(RoleName=role, PolicyName=props["PolicyName"])


class ManagedPolicy:
    """A customer managed policy; Ref is its ARN."""

    attributes: ClassVar[tuple[str, ...]] = (
        "AttachmentCount",
        "CreateDate",
        "DefaultVersionId",
        "IsAttachable",
        "PolicyArn",
        "PolicyId",
        "UpdateDate",
    )

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        iam = ctx.client("iam")
        args: dict[str, Any] = {
            "PolicyName": props.get("ManagedPolicyName") or ctx.name(logical_id, 128),
            "PolicyDocument": document(required(props, "PolicyDocument", logical_id)),
            "Path": props.get("Path", "/"),
        }
        if "Description" in props:
            args["Description"] = props["Description"]
        policy = iam.create_policy(**args)["Policy"]
        roles = props.get("Roles", [])
        for role in roles:
            iam.attach_role_policy(RoleName=role, PolicyArn=policy["Arn"])
        return Created(
            policy["Arn"],
            {
                "AttachmentCount": len(roles),
                "CreateDate": policy["CreateDate"].isoformat(),
                "DefaultVersionId": policy["DefaultVersionId"],
                "IsAttachable": "true",
                "PolicyArn": policy["Arn"],
                "PolicyId": policy["PolicyId"],
                "UpdateDate": policy["UpdateDate"].isoformat(),
            },
        )

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        iam = ctx.client("iam")
        for role in props.get("Roles", []):
            iam.detach_role_policy(RoleName=role, PolicyArn=created.physical_id)
        iam.delete_policy(PolicyArn=created.physical_id)
