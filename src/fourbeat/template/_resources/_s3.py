"""AWS::S3::Bucket and AWS::S3::BucketPolicy.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html
A bucket without BucketName is named ``stack-logicalid-random``, lowercased (bucket names
allow no capitals). The template's NotificationConfiguration (``LambdaConfigurations`` with
``Event`` and ``Function``) becomes the API's (``LambdaFunctionConfigurations`` with ``Events``
and ``LambdaFunctionArn``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from fourbeat.template._resources._base import (
    Context,
    Created,
    document,
    required,
    warn_unapplied,
)

_NOTIFICATION_KINDS = {
    "LambdaConfigurations": ("LambdaFunctionConfigurations", "Function", "LambdaFunctionArn"),
    "QueueConfigurations": ("QueueConfigurations", "Queue", "QueueArn"),
    "TopicConfigurations": ("TopicConfigurations", "Topic", "TopicArn"),
}


def notification_configuration(config: dict[str, Any]) -> dict[str, Any]:
    """The API's NotificationConfiguration for the template's."""
    out: dict[str, Any] = {}
    for kind, (api_kind, target, api_target) in _NOTIFICATION_KINDS.items():
        entries = []
        for entry in config.get(kind, []):
            api: dict[str, Any] = {api_target: entry[target], "Events": [entry["Event"]]}
            rules = entry.get("Filter", {}).get("S3Key", {}).get("Rules")
            if rules:
                api["Filter"] = {"Key": {"FilterRules": rules}}
            entries.append(api)
        if entries:
            out[api_kind] = entries
    if config.get("EventBridgeConfiguration", {}).get("EventBridgeEnabled"):
        out["EventBridgeConfiguration"] = {}
    return out


class Bucket:
    attributes: ClassVar[tuple[str, ...]] = (
        "Arn",
        "DomainName",
        "DualStackDomainName",
        "RegionalDomainName",
        "WebsiteURL",
    )

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        s3 = ctx.client("s3")
        name = props.get("BucketName") or ctx.name(logical_id, 63, lower=True)
        args: dict[str, Any] = {"Bucket": name}
        if ctx.region != "us-east-1":
            args["CreateBucketConfiguration"] = {"LocationConstraint": ctx.region}
        s3.create_bucket(**args)
        if "VersioningConfiguration" in props:
            s3.put_bucket_versioning(
                Bucket=name, VersioningConfiguration=props["VersioningConfiguration"]
            )
        if props.get("Tags"):
            s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": props["Tags"]})
        if "NotificationConfiguration" in props:
            s3.put_bucket_notification_configuration(
                Bucket=name,
                NotificationConfiguration=notification_configuration(
                    props["NotificationConfiguration"]
                ),
            )
        applied = ("BucketName", "VersioningConfiguration", "Tags", "NotificationConfiguration")
        warn_unapplied(logical_id, props, applied)
        return Created(name, self._attributes(ctx, name))

    def _attributes(self, ctx: Context, name: str) -> dict[str, Any]:
        # https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html#aws-resource-s3-bucket-return-values
        return {
            "Arn": f"arn:{ctx.partition}:s3:::{name}",
            "DomainName": f"{name}.s3.amazonaws.com",
            "DualStackDomainName": f"{name}.s3.dualstack.{ctx.region}.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{ctx.region}.amazonaws.com",
            "WebsiteURL": f"http://{name}.s3-website-{ctx.region}.amazonaws.com",
        }

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        # A bucket that still holds objects fails to delete, as in CloudFormation.
        ctx.client("s3").delete_bucket(Bucket=created.physical_id)


class BucketPolicy:
    attributes: ClassVar[tuple[str, ...]] = ()

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        bucket = required(props, "Bucket", logical_id)
        policy = document(required(props, "PolicyDocument", logical_id))
        ctx.client("s3").put_bucket_policy(Bucket=bucket, Policy=policy)
        return Created(ctx.name(logical_id, 128))

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        ctx.client("s3").delete_bucket_policy(Bucket=props["Bucket"])
