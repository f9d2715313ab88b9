"""SAM to CloudFormation, with aws-sam-translator (the library SAM CLI uses).

SAM CLI lets ``CodeUri`` and ``DefinitionUri`` name local paths, relative to the template, and
uploads them on ``sam deploy``. The translator accepts only S3 locations, so each local path is
swapped for a placeholder location before translation and swapped back after it as
``{LOCAL_PATH: "/abs/path"}``, which the Lambda and Step Functions provisioners read from disk
(a function's directory is zipped in memory). This module imports nothing from services.
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-function.html#sam-function-codeuri
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import boto3
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator

from fourbeat.errors import FourbeatError
from fourbeat.iam._aws_managed import AwsManagedPolicies

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
LOCAL_PATH = "fourbeat:LocalPath"
"""The key of a local path left where an S3 location would be (never valid in AWS)."""
_PLACEHOLDER_BUCKET = "fourbeat-local-artifacts"
_URI_PROPERTIES = {
    "AWS::Serverless::Function": "CodeUri",
    "AWS::Serverless::StateMachine": "DefinitionUri",
}


def is_sam(template: dict[str, Any]) -> bool:
    transform = template.get("Transform")
    names = transform if isinstance(transform, list) else [transform]
    return SAM_TRANSFORM in names


def translate(
    template: dict[str, Any], base_dir: Path, parameters: dict[str, Any], region: str
) -> dict[str, Any]:
    """The CloudFormation template SAM makes of ``template`` (which is left unchanged)."""
    sam = copy.deepcopy(template)
    locals_by_key = _swap_local_paths(sam, base_dir)
    policies = AwsManagedPolicies.packaged()
    translator = Translator(None, Parser(), boto_session=boto3.Session(region_name=region))
    try:
        out: dict[str, Any] = translator.translate(
            sam, dict(parameters), get_managed_policy_map=lambda: _policy_map(policies)
        )
    except InvalidDocumentException as exc:
        causes = "; ".join(str(cause.message) for cause in exc.causes)
        raise FourbeatError(
            f"SAM cannot translate the template: {causes}",
            fix="Fix the resources named above (SAM's specification: "
            "https://docs.aws.amazon.com/serverless-application-model/).",
        ) from exc
    _restore_local_paths(out, locals_by_key)
    return out


def _policy_map(policies: AwsManagedPolicies) -> dict[str, str]:
    return {policy.name: policy.arn for policy in policies.all()}


def _swap_local_paths(template: dict[str, Any], base_dir: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    globals_fn = template.get("Globals", {}).get("Function", {})
    if isinstance(globals_fn, dict) and isinstance(globals_fn.get("CodeUri"), str):
        globals_fn["CodeUri"] = _placeholder(globals_fn["CodeUri"], base_dir, found)
    has_global_code = isinstance(globals_fn, dict) and "CodeUri" in globals_fn
    for resource in template.get("Resources", {}).values():
        if not isinstance(resource, dict):
            continue
        prop = _URI_PROPERTIES.get(resource.get("Type", ""))
        props = resource.setdefault("Properties", {})
        if prop is None or not isinstance(props, dict):
            continue
        if prop == "CodeUri" and not ({"CodeUri", "InlineCode", "ImageUri"} & props.keys()):
            if has_global_code:
                continue
            props["CodeUri"] = "."  # SAM CLI's default: the template's directory
        if isinstance(props.get(prop), str):
            props[prop] = _placeholder(props[prop], base_dir, found)
    return found


def _placeholder(uri: str, base_dir: Path, found: dict[str, str]) -> str:
    if uri.startswith("s3://"):
        return uri
    path = (base_dir / uri).resolve()
    if not path.exists():
        raise FourbeatError(f"the local path {uri!r} does not exist", where=str(base_dir / uri))
    key = f"local-{len(found)}"
    found[key] = str(path)
    return f"s3://{_PLACEHOLDER_BUCKET}/{key}"


def _restore_local_paths(template: dict[str, Any], found: dict[str, str]) -> None:
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Lambda::Function":
            code = props.get("Code", {})
            if code.get("S3Bucket") == _PLACEHOLDER_BUCKET:
                props["Code"] = {LOCAL_PATH: found[code["S3Key"]]}
        if resource.get("Type") == "AWS::StepFunctions::StateMachine":
            where = props.get("DefinitionS3Location", {})
            if where.get("Bucket") == _PLACEHOLDER_BUCKET:
                props["DefinitionS3Location"] = {LOCAL_PATH: found[where["Key"]]}
