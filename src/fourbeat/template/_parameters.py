"""A template's Parameters given values: defaults, AllowedValues, list types, with
CloudFormation's own messages.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fourbeat.template._errors import TemplateError


def resolve_parameters(template: Mapping[str, Any], given: Mapping[str, str]) -> dict[str, Any]:
    declared: Mapping[str, Any] = template.get("Parameters", {}) or {}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise TemplateError(f"Parameters: [{', '.join(unknown)}] do not exist in the template")
    missing = sorted(k for k, v in declared.items() if k not in given and "Default" not in v)
    if missing:
        raise TemplateError(f"Parameters: [{', '.join(missing)}] must have values")
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        raw = given[name] if name in given else spec["Default"]
        text = ",".join(map(str, raw)) if isinstance(raw, list) else str(raw)
        allowed = spec.get("AllowedValues")
        if allowed is not None and text not in [str(a) for a in allowed]:
            raise TemplateError(
                f"Parameter '{name}' must be one of AllowedValues", where=f"Parameters.{name}"
            )
        kind = str(spec.get("Type", "String"))
        values[name] = text.split(",") if _is_list(kind) else text
    return values


def _is_list(kind: str) -> bool:
    return kind == "CommaDelimitedList" or kind.startswith("List<")
