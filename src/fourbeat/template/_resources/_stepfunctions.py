"""AWS::StepFunctions::StateMachine.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
The definition is ``Definition`` (an object), ``DefinitionString`` or ``DefinitionS3Location``
(or a local file a SAM DefinitionUri named); each ``${key}`` of DefinitionSubstitutions is then
replaced in its text. A machine without StateMachineName is ``LogicalId-RANDOM``; Ref is its ARN.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from fourbeat.template._errors import TemplateError
from fourbeat.template._resources._base import Context, Created, required
from fourbeat.template._sam import LOCAL_PATH


def _definition(ctx: Context, logical_id: str, props: dict[str, Any]) -> str:
    if "Definition" in props:
        return json.dumps(props["Definition"])
    if "DefinitionString" in props:
        return str(props["DefinitionString"])
    where = props.get("DefinitionS3Location")
    if where is None:
        raise TemplateError(
            "a state machine needs Definition, DefinitionString or DefinitionS3Location",
            where=f"Resources.{logical_id}.Properties",
        )
    if LOCAL_PATH in where:
        return Path(where[LOCAL_PATH]).read_text()
    args = {"Bucket": where["Bucket"], "Key": where["Key"]}
    if "Version" in where:
        args["VersionId"] = where["Version"]
    return str(ctx.client("s3").get_object(**args)["Body"].read().decode())


def _substitute(text: str, substitutions: dict[str, Any]) -> str:
    for key, value in substitutions.items():
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        text = text.replace("${" + key + "}", shown)
    return text


class StateMachine:
    attributes: ClassVar[tuple[str, ...]] = ("Arn", "Name", "StateMachineRevisionId")

    def create(self, ctx: Context, logical_id: str, props: dict[str, Any]) -> Created:
        definition = _definition(ctx, logical_id, props)
        definition = _substitute(definition, props.get("DefinitionSubstitutions", {}))
        name = props.get("StateMachineName") or ctx.name(logical_id, 80, stack=False)
        args: dict[str, Any] = {
            "name": name,
            "definition": definition,
            "roleArn": required(props, "RoleArn", logical_id),
            "type": props.get("StateMachineType", "STANDARD"),
        }
        if props.get("Tags"):
            args["tags"] = [{"key": t["Key"], "value": t["Value"]} for t in props["Tags"]]
        arn = ctx.client("stepfunctions").create_state_machine(**args)["stateMachineArn"]
        return Created(arn, {"Arn": arn, "Name": name, "StateMachineRevisionId": "INITIAL"})

    def delete(self, ctx: Context, created: Created, props: dict[str, Any]) -> None:
        ctx.client("stepfunctions").delete_state_machine(stateMachineArn=created.physical_id)
