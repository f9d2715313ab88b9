"""The ``States.*`` intrinsic functions: one plain function per name in ``FUNCTIONS``.

Each takes the evaluated argument values and returns a JSON value, or raises ``StatesError``
``States.IntrinsicFailure`` with the reason, following the argument rules on
https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html.
Randomness (UUID, MathRandom without a seed) comes from ``secrets``/``random`` instances
created per call, never from module state. Imports nothing outside ``states``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fourbeat.states._errors import StatesError

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_MAX_ENCODE = 10_000  # Base64Encode/Decode and Hash accept at most 10,000 characters
_MAX_RANGE = 1000  # ArrayRange yields at most 1,000 items
_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
           "SHA-512": "sha512"}  # fmt: skip


@dataclass(frozen=True)
class FormatTemplate:
    """``States.Format``'s first argument: text pieces, ``None`` where an unescaped ``{}`` is."""

    pieces: tuple[str | None, ...]


def _fail(name: str, message: str) -> StatesError:
    return StatesError("States.IntrinsicFailure", f"Invalid arguments in {name}: {message}")


def _arity(name: str, values: list[Any], *counts: int) -> None:
    if len(values) not in counts:
        wanted = " or ".join(str(c) for c in counts)
        raise _fail(name, f"expected {wanted} arguments but got {len(values)}")


def _int(name: str, value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(name, f"{what} must be a number, got {json.dumps(value)}")
    if isinstance(value, float) and not value.is_integer():
        raise _fail(name, f"{what} must be an integer, got {json.dumps(value)}")
    return int(value)


def _array(name: str, value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(name, f"expected an array, got {json.dumps(value)}")
    return value


def _string(name: str, value: Any, limit: int | None = None) -> str:
    if not isinstance(value, str):
        raise _fail(name, f"expected a string, got {json.dumps(value)}")
    if limit is not None and len(value) > limit:
        raise _fail(name, f"the input string exceeds the maximum of {limit} characters")
    return value


def to_text(value: Any) -> str:
    """A value as Format and the history show it: strings bare, everything else compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _java_text(value: Any) -> str:
    """How AWS's Format prints a value: objects and arrays as Java's Map/List ``toString``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_java_text(v) for v in value) + "]"
    return to_text(value)


def _pieces(text: str) -> tuple[str | None, ...]:
    """A template read from a path or variable: every ``{}`` is a placeholder."""
    parts = text.split("{}")
    out: list[str | None] = []
    for index, part in enumerate(parts):
        out += ([None] if index else []) + ([part] if part else [])
    return tuple(out)


def _format(values: list[Any]) -> str:
    first = values[0] if values else None
    if isinstance(first, str):  # the template came from a path or a variable
        first = FormatTemplate(_pieces(first))
    if not isinstance(first, FormatTemplate):
        raise _fail("States.Format", "the first argument must be a string template")
    pieces, args = first.pieces, values[1:]
    if sum(p is None for p in pieces) != len(args):
        raise _fail("States.Format", "the number of arguments does not match the placeholders")
    rest = iter(args)
    return "".join(_java_text(next(rest)) if p is None else p for p in pieces)


def _string_to_json(values: list[Any]) -> Any:
    _arity("States.StringToJson", values, 1)
    text = _string("States.StringToJson", values[0])
    if not text.strip():
        return None  # recorded on AWS: a blank string parses to null
    try:
        return json.loads(text)
    except ValueError as exc:
        raise _fail("States.StringToJson", f"{text!r} is not valid JSON") from exc


def _json_to_string(values: list[Any]) -> str:
    _arity("States.JsonToString", values, 1)
    return json.dumps(values[0], separators=(",", ":"), ensure_ascii=False)


def _array_partition(values: list[Any]) -> list[Any]:
    _arity("States.ArrayPartition", values, 2)
    items = _array("States.ArrayPartition", values[0])
    size = _int("States.ArrayPartition", values[1], "the chunk size")
    if size <= 0:
        raise _fail("States.ArrayPartition", "the chunk size must be greater than 0")
    return [items[i : i + size] for i in range(0, len(items), size)]


def _array_contains(values: list[Any]) -> bool:
    _arity("States.ArrayContains", values, 2)
    return values[1] in _array("States.ArrayContains", values[0])


def _array_range(values: list[Any]) -> list[int]:
    _arity("States.ArrayRange", values, 3)
    start, end, step = (_int("States.ArrayRange", v, "each argument") for v in values)
    if step == 0:
        raise _fail("States.ArrayRange", "the step must not be 0")
    items = list(range(start, end + (1 if step > 0 else -1), step))
    if len(items) > _MAX_RANGE:
        raise _fail("States.ArrayRange", f"the range exceeds {_MAX_RANGE} items")
    return items


def _array_get_item(values: list[Any]) -> Any:
    _arity("States.ArrayGetItem", values, 2)
    items = _array("States.ArrayGetItem", values[0])
    index = _int("States.ArrayGetItem", values[1], "the index")
    if not 0 <= index < len(items):
        raise _fail("States.ArrayGetItem", f"index {index} is out of bounds")
    return items[index]


def _array_unique(values: list[Any]) -> list[Any]:
    _arity("States.ArrayUnique", values, 1)
    unique: list[Any] = []
    for item in _array("States.ArrayUnique", values[0]):
        if item not in unique:
            unique.append(item)
    return unique


def _base64_encode(values: list[Any]) -> str:
    _arity("States.Base64Encode", values, 1)
    text = _string("States.Base64Encode", values[0], _MAX_ENCODE)
    return base64.b64encode(text.encode()).decode()


def _base64_decode(values: list[Any]) -> str:
    _arity("States.Base64Decode", values, 1)
    text = _string("States.Base64Decode", values[0], _MAX_ENCODE)
    try:
        return base64.b64decode(text, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise _fail("States.Base64Decode", "the input is not valid base64") from exc


def _hash(values: list[Any]) -> str:
    _arity("States.Hash", values, 2)
    data = to_text(values[0])
    if len(data) > _MAX_ENCODE:
        raise _fail("States.Hash", f"the input exceeds the maximum of {_MAX_ENCODE} characters")
    algorithm = _HASHES.get(values[1]) if isinstance(values[1], str) else None
    if algorithm is None:
        names = ", ".join(_HASHES)
        raise _fail("States.Hash", f"the algorithm must be one of {names}")
    return hashlib.new(algorithm, data.encode()).hexdigest()


def _json_merge(values: list[Any]) -> dict[str, Any]:
    _arity("States.JsonMerge", values, 3)
    first, second, deep = values
    if not isinstance(first, dict) or not isinstance(second, dict):
        raise _fail("States.JsonMerge", "the first two arguments must be JSON objects")
    if deep is not False:
        raise _fail("States.JsonMerge", "only shallow merging is supported (the flag is false)")
    return {**first, **second}


def _java_round(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(name, f"expected a number, got {json.dumps(value)}")
    rounded = math.floor(value + 0.5)  # decimals round half up, as Java's Math.round
    if not _INT_MIN <= rounded <= _INT_MAX:
        raise _fail(name, "the numbers must be between -2147483648 and 2147483647")
    return rounded


def _math_random(values: list[Any]) -> int:
    _arity("States.MathRandom", values, 2, 3)
    start, end = (_java_round(v, "States.MathRandom") for v in values[:2])
    if start >= end:
        raise _fail("States.MathRandom", "the start must be less than the end")
    generator = random.Random(_java_round(values[2], "States.MathRandom") if values[2:] else None)
    return generator.randrange(start, end)


def _math_add(values: list[Any]) -> int:
    _arity("States.MathAdd", values, 2)
    total = sum(_java_round(v, "States.MathAdd") for v in values)
    if not _INT_MIN <= total <= _INT_MAX:
        raise _fail("States.MathAdd", "the sum is out of the 32-bit integer range")
    return total


def _string_split(values: list[Any]) -> list[str]:
    _arity("States.StringSplit", values, 2)
    text = _string("States.StringSplit", values[0])
    delimiters = _string("States.StringSplit", values[1])
    # Every character of the delimiter splits, and empty tokens are dropped.
    tokens = [text]
    for delimiter in delimiters:
        tokens = [part for token in tokens for part in token.split(delimiter)]
    return [t for t in tokens if t] if delimiters else [text]


def _uuid(values: list[Any]) -> str:
    _arity("States.UUID", values, 0)
    return str(uuid.uuid4())


def _array_length(values: list[Any]) -> int:
    _arity("States.ArrayLength", values, 1)
    return len(_array("States.ArrayLength", values[0]))


FUNCTIONS: dict[str, Callable[[list[Any]], Any]] = {
    "States.Format": _format,
    "States.StringToJson": _string_to_json,
    "States.JsonToString": _json_to_string,
    "States.Array": list,
    "States.ArrayPartition": _array_partition,
    "States.ArrayContains": _array_contains,
    "States.ArrayRange": _array_range,
    "States.ArrayGetItem": _array_get_item,
    "States.ArrayLength": _array_length,
    "States.ArrayUnique": _array_unique,
    "States.Base64Encode": _base64_encode,
    "States.Base64Decode": _base64_decode,
    "States.Hash": _hash,
    "States.JsonMerge": _json_merge,
    "States.MathRandom": _math_random,
    "States.MathAdd": _math_add,
    "States.StringSplit": _string_split,
    "States.UUID": _uuid,
}
