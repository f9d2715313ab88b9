"""Reading a template's text: JSON or YAML with CloudFormation's short-form tags.

``!Ref X`` becomes ``{"Ref": "X"}``, ``!GetAtt A.B`` becomes ``{"Fn::GetAtt": ["A", "B"]}`` and
every other ``!Name`` becomes ``{"Fn::Name": value}``, as CloudFormation reads them.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
A YAML error names the file, line and column. This module imports nothing from fourbeat's
services.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from fourbeat.errors import FourbeatError

SHORT_FORMS = (
    "Base64",
    "Cidr",
    "FindInMap",
    "GetAZs",
    "If",
    "ImportValue",
    "Join",
    "Select",
    "Split",
    "Sub",
    "Transform",
    "And",
    "Equals",
    "Not",
    "Or",
    "Condition",
    "GetAtt",
    "Ref",
    "Length",
    "ToJsonString",
)


class _Loader(yaml.SafeLoader):
    """SafeLoader plus the short forms; a subclass so no global loader is changed."""


def _construct(node: yaml.Node, loader: _Loader) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    assert isinstance(node, yaml.MappingNode)
    return loader.construct_mapping(node, deep=True)


def _short_form(name: str) -> Any:
    def construct(loader: _Loader, node: yaml.Node) -> Any:
        value = _construct(node, loader)
        if name == "Ref":
            return {"Ref": value}
        if name == "Condition":
            return {"Condition": value}
        if name == "GetAtt" and isinstance(value, str):
            resource, _, attribute = value.partition(".")
            return {"Fn::GetAtt": [resource, attribute]}
        return {f"Fn::{name}": value}

    return construct


for _name in SHORT_FORMS:
    _Loader.add_constructor(f"!{_name}", _short_form(_name))


def parse(text: str, source: str = "<template>") -> dict[str, Any]:
    """The template as a dict; JSON is YAML, but JSON's own parser gives better errors."""
    if text.lstrip().startswith("{"):
        try:
            loaded: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FourbeatError(
                f"the template is not valid JSON: {exc.msg}",
                where=f"{source}:{exc.lineno}:{exc.colno}",
            ) from exc
    else:
        try:
            loaded = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
            raise FourbeatError(
                f"the template is not valid YAML: {exc.problem or exc.context}", where=where
            ) from exc
        except yaml.YAMLError as exc:
            raise FourbeatError(f"the template is not valid YAML: {exc}", where=source) from exc
    if not isinstance(loaded, dict):
        raise FourbeatError("a template is a mapping with a Resources section", where=source)
    return loaded
