"""CloudFormation's intrinsic functions and condition functions, evaluated over a value.

``Resolver.resolve(value, path)`` returns the value with every function replaced by its result;
``NO_VALUE`` (``Ref: AWS::NoValue``) removes the key or list item that holds it, as
CloudFormation does. ``path`` names where the value sits, for errors.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
This module knows nothing of resource types: Ref and GetAtt of a resource are callbacks.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fourbeat.template._errors import TemplateError

NO_VALUE: Any = object()
"""What ``Ref: AWS::NoValue`` stands for until the enclosing key or item is dropped."""
SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


@dataclass
class Resolver:
    pseudo: Mapping[str, Any]
    parameters: Mapping[str, Any]
    mappings: Mapping[str, Any] = field(default_factory=dict)
    conditions: Mapping[str, Any] = field(default_factory=dict)
    ref: Callable[[str, str], Any] = lambda name, path: _unknown(name, path)
    getatt: Callable[[str, str, str], Any] = lambda name, attr, path: _unknown(name, path)
    _evaluated: dict[str, bool] = field(default_factory=dict)

    def resolve(self, value: Any, path: str) -> Any:
        if isinstance(value, list):
            items = [self.resolve(item, f"{path}[{i}]") for i, item in enumerate(value)]
            return [item for item in items if item is not NO_VALUE]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((name, argument),) = value.items()
            function = FUNCTIONS.get(name)
            if function is not None:
                return function(self, argument, f"{path}.{name}")
        resolved = {k: self.resolve(v, f"{path}.{k}") for k, v in value.items()}
        return {k: v for k, v in resolved.items() if v is not NO_VALUE}

    def condition(self, name: str, path: str) -> bool:
        """A named condition's value, each evaluated once."""
        if name not in self._evaluated:
            if name not in self.conditions:
                raise TemplateError(f"the condition {name!r} is not defined", where=path)
            self._evaluated[name] = False  # a condition naming itself reads false, not forever
            self._evaluated[name] = _truth(
                self.resolve(self.conditions[name], f"Conditions.{name}"), path
            )
        return self._evaluated[name]

    def string(self, value: Any, path: str) -> str:
        resolved = self.resolve(value, path)
        if isinstance(resolved, bool | int | float):
            return str(resolved).lower() if isinstance(resolved, bool) else str(resolved)
        if not isinstance(resolved, str):
            raise TemplateError(f"expected a string, got {resolved!r}", where=path)
        return resolved

    def _ref(self, argument: Any, path: str) -> Any:
        name = self.string(argument, path)
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        return self.ref(name, path)

    def _getatt(self, argument: Any, path: str) -> Any:
        if isinstance(argument, str):
            argument = argument.split(".", 1)
        if not (isinstance(argument, list) and len(argument) == 2):
            raise TemplateError("Fn::GetAtt takes [LogicalId, Attribute]", where=path)
        return self.getatt(argument[0], self.string(argument[1], path), path)

    def _sub(self, argument: Any, path: str) -> str:
        variables: dict[str, Any] = {}
        if isinstance(argument, list):
            if len(argument) != 2 or not isinstance(argument[1], dict):
                raise TemplateError("Fn::Sub takes a string or [string, {variables}]", where=path)
            argument, given = argument
            variables = {k: self.resolve(v, f"{path}.{k}") for k, v in given.items()}
        if not isinstance(argument, str):
            raise TemplateError("Fn::Sub's template must be a string", where=path)

        def replace(match: re.Match[str]) -> str:
            name = match.group(1).strip()
            if name.startswith("!"):
                return "${" + name[1:] + "}"  # ${!Literal} writes ${Literal}
            if name in variables:
                return _text(variables[name], path)
            if "." in name and name.split(".", 1)[0] not in self.pseudo:
                resource, attribute = name.split(".", 1)
                return _text(self.getatt(resource, attribute, path), path)
            return _text(self._ref(name, path), path)

        return SUB_VARIABLE.sub(replace, argument)

    def _join(self, argument: Any, path: str) -> str:
        if not (isinstance(argument, list) and len(argument) == 2):
            raise TemplateError("Fn::Join takes [delimiter, [values]]", where=path)
        items = self.resolve(argument[1], path)
        if not isinstance(items, list):
            raise TemplateError("Fn::Join's values must be a list", where=path)
        return self.string(argument[0], path).join(_text(item, path) for item in items)

    def _select(self, argument: Any, path: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 2):
            raise TemplateError("Fn::Select takes [index, [values]]", where=path)
        index, items = int(self.string(argument[0], path)), self.resolve(argument[1], path)
        if not isinstance(items, list) or not 0 <= index < len(items):
            raise TemplateError(f"Fn::Select index {index} is out of range", where=path)
        return items[index]

    def _split(self, argument: Any, path: str) -> list[str]:
        if not (isinstance(argument, list) and len(argument) == 2):
            raise TemplateError("Fn::Split takes [delimiter, string]", where=path)
        return self.string(argument[1], path).split(self.string(argument[0], path))

    def _if(self, argument: Any, path: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 3):
            raise TemplateError("Fn::If takes [condition, if true, if false]", where=path)
        chosen = argument[1] if self.condition(argument[0], path) else argument[2]
        return self.resolve(chosen, path)

    def _find_in_map(self, argument: Any, path: str) -> Any:
        if not (isinstance(argument, list) and len(argument) == 3):
            raise TemplateError("Fn::FindInMap takes [map, key, second key]", where=path)
        keys = [self.string(item, path) for item in argument]
        found: Any = self.mappings
        for key in keys:
            if not isinstance(found, dict) or key not in found:
                raise TemplateError(f"Fn::FindInMap: no {key!r} in {keys}", where=path)
            found = found[key]
        return found

    def _base64(self, argument: Any, path: str) -> str:
        return base64.b64encode(self.string(argument, path).encode()).decode()

    def _get_azs(self, argument: Any, path: str) -> list[str]:
        region = self.string(argument, path) or self.pseudo["AWS::Region"]
        return [f"{region}{zone}" for zone in "abc"]

    def _equals(self, argument: Any, path: str) -> bool:
        if not (isinstance(argument, list) and len(argument) == 2):
            raise TemplateError("Fn::Equals takes two values", where=path)
        left, right = (self.resolve(item, path) for item in argument)
        return bool(_text(left, path) == _text(right, path))

    def _and(self, argument: Any, path: str) -> bool:
        return all(_truth(self.resolve(item, path), path) for item in _conditions(argument, path))

    def _or(self, argument: Any, path: str) -> bool:
        return any(_truth(self.resolve(item, path), path) for item in _conditions(argument, path))

    def _not(self, argument: Any, path: str) -> bool:
        (item,) = _conditions(argument, path, exactly_one=True)
        return not _truth(self.resolve(item, path), path)

    def _condition(self, argument: Any, path: str) -> bool:
        return self.condition(self.string(argument, path), path)


def _conditions(argument: Any, path: str, *, exactly_one: bool = False) -> list[Any]:
    if not isinstance(argument, list) or (exactly_one and len(argument) != 1):
        raise TemplateError("a condition function takes a list of conditions", where=path)
    return argument


def _truth(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return bool(value == "true")
    raise TemplateError(f"expected a condition (true or false), got {value!r}", where=path)


def _text(value: Any, path: str) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int | float):
        return str(value)
    raise TemplateError(f"expected a string, got {value!r}", where=path)


def _unknown(name: str, path: str) -> Any:
    raise TemplateError(f"{name!r} is not a parameter or resource", where=path)


FUNCTIONS: dict[str, Callable[[Resolver, Any, str], Any]] = {
    "Ref": Resolver._ref,
    "Fn::GetAtt": Resolver._getatt,
    "Fn::Sub": Resolver._sub,
    "Fn::Join": Resolver._join,
    "Fn::Select": Resolver._select,
    "Fn::Split": Resolver._split,
    "Fn::If": Resolver._if,
    "Fn::FindInMap": Resolver._find_in_map,
    "Fn::Base64": Resolver._base64,
    "Fn::GetAZs": Resolver._get_azs,
    "Fn::Equals": Resolver._equals,
    "Fn::And": Resolver._and,
    "Fn::Or": Resolver._or,
    "Fn::Not": Resolver._not,
    "Condition": Resolver._condition,
}
"""Function name -> its evaluation, the one dispatch point."""
