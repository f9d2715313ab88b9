"""Which resources a resource needs (Ref, Fn::GetAtt, Fn::Sub variables, DependsOn), and the
order to create them in: CloudFormation creates a resource after everything it references.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-dependson.html
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from graphlib import CycleError, TopologicalSorter
from typing import Any

from fourbeat.template._errors import TemplateError
from fourbeat.template._intrinsics import SUB_VARIABLE


def references(value: Any) -> Iterator[str]:
    """Every name a value refers to (parameters and pseudo parameters included)."""
    if isinstance(value, list):
        for item in value:
            yield from references(item)
    elif isinstance(value, dict):
        if len(value) == 1:
            ((name, argument),) = value.items()
            yield from _function_references(name, argument)
        for item in value.values():
            yield from references(item)


def _function_references(name: str, argument: Any) -> Iterator[str]:
    if name == "Ref" and isinstance(argument, str):
        yield argument
    elif name == "Fn::GetAtt":
        target = argument.split(".", 1)[0] if isinstance(argument, str) else argument[0]
        if isinstance(target, str):
            yield target
    elif name == "Fn::Sub":
        text, variables = (
            (argument[0], argument[1]) if isinstance(argument, list) else (argument, {})
        )
        if isinstance(text, str):
            for match in SUB_VARIABLE.finditer(text):
                variable = match.group(1).strip()
                if not variable.startswith("!") and variable not in variables:
                    yield variable.split(".", 1)[0]


def dependencies(resources: Mapping[str, Any]) -> dict[str, set[str]]:
    """Logical id -> the logical ids of the other resources it needs."""
    graph: dict[str, set[str]] = {}
    for logical_id, resource in resources.items():
        needs = {name for name in references(resource.get("Properties", {})) if name in resources}
        depends_on = resource.get("DependsOn", [])
        for name in [depends_on] if isinstance(depends_on, str) else depends_on:
            if name not in resources:
                raise TemplateError(
                    f"DependsOn names {name!r}, which is not a resource of the template",
                    where=f"Resources.{logical_id}.DependsOn",
                )
            needs.add(name)
        graph[logical_id] = needs
    return graph


def creation_order(resources: Mapping[str, Any]) -> list[str]:
    """A topological order; a cycle is an error that names it, as CloudFormation's
    "Circular dependency between resources" does."""
    try:
        return list(TopologicalSorter(dependencies(resources)).static_order())
    except CycleError as exc:
        cycle = exc.args[1]
        raise TemplateError(
            f"Circular dependency between resources: {' -> '.join(cycle)}",
            where="Resources",
            fix="Break the cycle (a bucket notification and the function's permission, for "
            "instance, can name the bucket by a fixed BucketName instead of Ref).",
        ) from exc
