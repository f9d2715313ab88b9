"""The one door to the JSONata library, plus the functions Step Functions adds to JSONata.

Everything else in ``states`` sees only ``compile_jsonata(text) -> JsonataExpression`` whose
``evaluate(bindings)`` returns a JSON value or ``UNDEFINED`` and raises ``JsonataFailure``
with JSONata's error code (``T1006``) and message. The library is ``jsonatapy`` (Rust), chosen
by measurement over ``jsonata-rs`` and ``jsonata-python``: all JSONata conformance cases pass
and it compiled+evaluated a typical expression in ~43 us (jsonata-rs ~400 us, jsonata-python
~2,200 us). Swapping it means changing this module only.

Step Functions' own functions (``$partition``, ``$range``, ``$hash``, ``$random``, ``$uuid``,
``$parse``) follow
https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions
"""

from __future__ import annotations

import hashlib
import json
import random
import uuid
from collections.abc import Callable
from typing import Any

import jsonatapy

_MAX_RANGE = 1000
_HASHES = {"MD5": "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384",
           "SHA-512": "sha512"}  # fmt: skip


class _Undefined:
    """JSONata's ``undefined``: an expression that produced nothing (not JSON ``null``)."""

    def __repr__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Any = _Undefined()


class JsonataFailure(Exception):
    """JSONata refused an expression (syntax) or failed evaluating it: its code and message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}" if code else message)
        self.code = code
        self.message = message

    @property
    def text(self) -> str:
        """As Step Functions quotes it in a cause: ``T1006: Attempted to invoke a non-function``."""
        return str(self)


def _fail(message: str) -> JsonataFailure:
    return JsonataFailure("", message)


def _integer(value: Any, function: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise _fail(f"The {what} argument of {function} must be an integer")
    return int(value)


def _partition(array: Any, size: Any) -> list[Any]:
    if not isinstance(array, list):
        raise _fail("The first argument of $partition must be an array")
    chunk = _integer(size, "$partition", "second")
    if chunk <= 0:
        raise _fail("The chunk size argument of $partition must be a positive integer")
    return [array[i : i + chunk] for i in range(0, len(array), chunk)]


def _range(start: Any, end: Any, step: Any) -> list[int]:
    first, last = _integer(start, "$range", "first"), _integer(end, "$range", "second")
    stride = _integer(step, "$range", "third")
    if stride == 0:
        raise _fail("The step argument of $range must not be zero")
    values = list(range(first, last + (1 if stride > 0 else -1), stride))
    if len(values) > _MAX_RANGE:
        raise _fail(f"The $range function can return at most {_MAX_RANGE} items")
    return values


def _hash(data: Any, algorithm: Any) -> str:
    if not isinstance(data, str):
        raise _fail("The first argument of $hash must be a string")
    name = _HASHES.get(algorithm) if isinstance(algorithm, str) else None
    if name is None:
        raise _fail(f"The hash algorithm must be one of {', '.join(_HASHES)}")
    return hashlib.new(name, data.encode()).hexdigest()


def _random(*seed: Any) -> float:
    if seed:
        return random.Random(_integer(seed[0], "$random", "seed")).random()
    return random.SystemRandom().random()


def _uuid() -> str:
    return str(uuid.uuid4())


def _parse(text: Any) -> Any:
    if not isinstance(text, str):
        raise _fail("The argument of $parse must be a string")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise _fail(f"The argument of $parse is not valid JSON: {exc}") from exc


FUNCTIONS: dict[str, tuple[Callable[..., Any], str]] = {
    "partition": (_partition, "<an:a>"),
    "range": (_range, "<nnn:a>"),
    "hash": (_hash, "<ss:s>"),
    "random": (_random, "<n?:n>"),
    "uuid": (_uuid, "<:s>"),
    "parse": (_parse, "<s:x>"),
}


class JsonataExpression:
    """One compiled expression; ``str()`` gives back its text.

    jsonatapy returns ``None`` for both ``null`` and ``undefined``, so the expression is
    compiled inside ``{"v": (...)}``: JSONata leaves an undefined member out of an object,
    which tells the two apart without evaluating twice.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            self._compiled = jsonatapy.compile('{"v": (\n' + text + "\n)}")
        except ValueError as exc:
            raise _failure(exc) from exc
        for name, (function, _) in FUNCTIONS.items():
            # $random is also a JSONata built-in; AWS's takes an optional seed.
            register = self._compiled.register_override if name in _BUILT_IN else None
            (register or self._compiled.register)(name, function)

    def evaluate(self, bindings: dict[str, Any]) -> Any:
        """The value, or ``UNDEFINED``; ``bindings`` maps names without ``$`` to values."""
        try:
            wrapped = self._compiled.evaluate(None, bindings)
        except JsonataFailure:
            raise
        except ValueError as exc:
            raise _failure(exc) from exc
        return wrapped.get("v", UNDEFINED)

    def __str__(self) -> str:
        return self.text


_BUILT_IN = {"random"}


def _failure(exc: Exception) -> JsonataFailure:
    """jsonatapy's ``"T1006: Attempted to invoke a non-function: $f"`` as code + message."""
    text = str(exc).removeprefix("Parse error: ")
    if text.startswith("host function raised "):  # an AWS function's own message
        return JsonataFailure("", text.partition(": ")[2])
    code, sep, rest = text.partition(": ")
    if not sep or not code[:1].isalpha() or not code[1:].isdigit():
        return JsonataFailure("", text)
    return JsonataFailure(code, rest.rsplit(": $", 1)[0])


def compile_jsonata(text: str) -> JsonataExpression:
    """Compile ``text`` (without ``{% %}``); raises ``JsonataFailure`` on a syntax error."""
    return JsonataExpression(text)
