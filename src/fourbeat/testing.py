"""Testing support: the ``fourbeat_cloud`` pytest fixture and the response shape check.

Registered as a pytest plugin (entry point ``pytest11``), so any project that installs fourbeat
gets the fixture: a Cloud on a temporary data directory with a virtual clock, active for the
test, closed after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from botocore.model import Shape
from botocore.response import StreamingBody

from fourbeat.clock import VirtualClock
from fourbeat.cloud import Cloud
from fourbeat.services._base import service_model

__all__ = ["assert_output_shape", "fourbeat_cloud", "output_shape_errors"]


@pytest.fixture
def fourbeat_cloud(tmp_path: Path) -> Iterator[Cloud]:
    """An active Cloud on a fresh data directory, with a virtual clock."""
    with Cloud(tmp_path / "cloud", clock=VirtualClock()) as cloud:
        yield cloud


def output_shape_errors(service: str, operation: str, response: dict[str, Any]) -> list[str]:
    """Every way ``response`` departs from the operation's output shape (empty when it fits)."""
    shape = service_model(service).operation_model(operation).output_shape
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    if shape is None:
        return [f"{k}: the operation has no output" for k in body]
    errors: list[str] = []
    _check(shape, body, operation, errors)
    return errors


def assert_output_shape(service: str, operation: str, response: dict[str, Any]) -> None:
    """Fail with every departure unless ``response`` fits the operation's output shape."""
    errors = output_shape_errors(service, operation, response)
    assert not errors, f"{service}:{operation} response departs from its shape:\n" + "\n".join(
        errors
    )


def _check(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    kind = shape.type_name
    checker = _CHECKS.get(kind)
    if checker is None:
        errors.append(f"{path}: unknown shape type {kind}")
        return
    checker(shape, value, path, errors)


def _structure(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if shape.metadata.get("document"):  # a Document holds any JSON value (a tool's input)
        return
    if not isinstance(value, dict):
        errors.append(f"{path}: expected a structure, got {type(value).__name__}")
        return
    members = shape.members
    for key, item in value.items():
        if key not in members:
            errors.append(f"{path}.{key}: not a member of {shape.name}")
        else:
            _check(members[key], item, f"{path}.{key}", errors)


def _list(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if not isinstance(value, list):
        errors.append(f"{path}: expected a list, got {type(value).__name__}")
        return
    for i, item in enumerate(value):
        _check(shape.member, item, f"{path}[{i}]", errors)


def _map(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if not isinstance(value, dict):
        errors.append(f"{path}: expected a map, got {type(value).__name__}")
        return
    for key, item in value.items():
        _check(shape.key, key, f"{path}<key>", errors)
        _check(shape.value, item, f"{path}[{key!r}]", errors)


def _string(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if shape.name == "policyDocumentType" and isinstance(value, dict):
        return  # IAM sends it URL-encoded; botocore's json_decode_policies makes it a dict
    if not isinstance(value, str):
        errors.append(f"{path}: expected a string, got {type(value).__name__}")
    elif shape.enum and value not in shape.enum:
        errors.append(f"{path}: {value!r} is not one of {shape.name}'s values")


def _integer(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        errors.append(f"{path}: expected an integer, got {type(value).__name__}")


def _number(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.append(f"{path}: expected a number, got {type(value).__name__}")


def _boolean(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if not isinstance(value, bool):
        errors.append(f"{path}: expected a boolean, got {type(value).__name__}")


def _timestamp(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None:
        errors.append(f"{path}: expected a timezone-aware datetime, got {value!r}")


def _blob(shape: Shape, value: Any, path: str, errors: list[str]) -> None:
    streaming = shape.serialization.get("streaming") or shape.metadata.get("streaming")
    allowed: tuple[type, ...] = (bytes, StreamingBody) if streaming else (bytes,)
    if not isinstance(value, allowed):
        errors.append(f"{path}: expected {'a stream' if streaming else 'bytes'}, got {value!r}")


_CHECKS = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "float": _number,
    "double": _number,
    "boolean": _boolean,
    "timestamp": _timestamp,
    "blob": _blob,
}
