"""AWS::Lambda::Function, AWS::Lambda::Permission and AWS::Lambda::EventSourceMapping.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html
Code comes from S3 (read here and passed as the zip), from ``ZipFile`` (inline source, which
CloudFormation writes as ``index.py`` or ``index.js``), or from a local directory a SAM CodeUri
named, zipped in memory. A function without FunctionName is ``stack-LogicalId-RANDOM``.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any, ClassVar

from fourbeat.template._errors import TemplateError
from fourbeat.template._resources._base import Context, Created, required, tag_map
from fourbeat.template._sam import LOCAL_PATH

_PASSED = (
    "Architectures",
    "DeadLetterConfig",
    "Description",
    "Environment",
    "EphemeralStorage",
    "Handler",
    "Layers",
    "LoggingConfig",
    "MemorySize",
    "PackageType",
    "Runtime",
    "Timeout",
    "TracingConfig",
)
_MAPPING_PASSED = (
    "BatchSize",
    "Enabled",
    "EventSourceArn",
    "FilterCriteria",
    "FunctionResponseTypes",
    "MaximumBatchingWindowInSeconds",
    "ScalingConfig",
    "StartingPosition",
)


def zip_directory(path: Path) -> bytes:
    """A directory (or one file) as a zip archive, paths relative to it, in a stable order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if path.is_file():
            archive.write(path, path.name)
        for root, dirs, files in sorted(os.walk(path)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                full = Path(root) / name
                archive.write(full, full.relative_to(path).as_posix())
    return buffer.getvalue()


def _inline(source: str, runtime: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.js" if runtime.startswith("nodejs") else "index.py", source)
    return buffer.getvalue()


def _code(ctx: Context, logical_id: str, props: dict[str, Any]) -> bytes:
    code = required(props, "Code", logical_id)
    if LOCAL_PATH in code:
        return zip_directory(Path(code[LOCAL_PATH]))
    if "ZipFile" in code:
        return _inline(code["ZipFile"], str(props.get("Runtime", "")))
    if "S3Bucket" in code:
        args = {"Bucket": code["S3Bucket"], "Key": code["S3Key"]}
        if "S3ObjectVersion" in code:
            args["VersionId"] = code["S3ObjectVersion"]
        body: bytes = ctx.client("s3").get_object(**args)["Body"].read()
        return body
    raise TemplateError(
        "Code needs S3Bucket and S3Key, ZipFile, or (in SAM) a local CodeUri",
        where=f"Resources.{logical_id}.Properties.Code",
    )


class Function:
    attributes: ClassVar[tuple[str, ...]] = ("Arn",)

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        name = props.get("FunctionName") or ctx.name(logical_id, 64)
        args: dict[str, Any] = {k: props[k] for k in _PASSED if k in props}
        args.update(FunctionName=name, Role=required(props, "Role", logical_id))
        args["Code"] = {"ZipFile": _code(ctx, logical_id, props)}
        if props.get("Tags"):
            args["Tags"] = tag_map(props["Tags"])
        for key in ("Timeout", "MemorySize"):
            if key in args:
                args[key] = int(args[key])
        client = ctx.client("lambda")
        arn = client.create_function(**args)["FunctionArn"]
        if "ReservedConcurrentExecutions" in props:
            client.put_function_concurrency(
                FunctionName=name,
                ReservedConcurrentExecutions=int(props["ReservedConcurrentExecutions"]),
            )
        return Created(name, {"Arn": arn})

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        ctx.client("lambda").delete_function(FunctionName=created.physical_id)


class Permission:
    """Ref is the permission's statement id, which CloudFormation generates."""

    attributes: ClassVar[tuple[str, ...]] = ()
    _passed = ("SourceArn", "SourceAccount", "EventSourceToken", "PrincipalOrgID")

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        statement = ctx.name(logical_id, 100)
        args = {k: props[k] for k in self._passed if k in props}
        ctx.client("lambda").add_permission(
            FunctionName=required(props, "FunctionName", logical_id),
            StatementId=statement,
            Action=required(props, "Action", logical_id),
            Principal=required(props, "Principal", logical_id),
            **args,
        )
        return Created(statement)

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        ctx.client("lambda").remove_permission(
            FunctionName=props["FunctionName"], StatementId=created.physical_id
        )


class EventSourceMapping:
    """Ref is the mapping's UUID."""

    attributes: ClassVar[tuple[str, ...]] = ("EventSourceMappingArn", "Id")

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {k: props[k] for k in _MAPPING_PASSED if k in props}
        args["FunctionName"] = required(props, "FunctionName", logical_id)
        for key in ("BatchSize", "MaximumBatchingWindowInSeconds"):
            if key in args:
                args[key] = int(args[key])
        mapping = ctx.client("lambda").create_event_source_mapping(**args)
        uuid = mapping["UUID"]
        arn = mapping.get(
            "EventSourceMappingArn",
            f"arn:{ctx.partition}:lambda:{ctx.region}:{ctx.account}:event-source-mapping:{uuid}",
        )
        return Created(uuid, {"Id": uuid, "EventSourceMappingArn": arn})

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        ctx.client("lambda").delete_event_source_mapping(UUID=created.physical_id)
