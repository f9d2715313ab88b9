"""Helpers the S3 tests share (imported by name: pytest puts this folder on sys.path, as it
does for every test folder without an ``__init__.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat.testing import assert_output_shape

MiB = 1024 * 1024


@contextmanager
def aws_error(code: str, status: int | None = None) -> Iterator[dict[str, Any]]:
    """Expect a ClientError with AWS's ``code`` (and status); yields the parsed Error dict."""
    error: dict[str, Any] = {}
    with pytest.raises(ClientError) as caught:
        yield error
    response = caught.value.response
    assert response["Error"]["Code"] == code, response["Error"]
    if status is not None:
        assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    error.update(response["Error"])


def shaped(operation: str, call: Callable[..., dict[str, Any]], **params: Any) -> dict[str, Any]:
    """Call a client method and check its response against the operation's output shape."""
    response = call(**params)
    assert_output_shape("s3", operation, response)
    return response


def status(response: dict[str, Any]) -> int:
    return int(response["ResponseMetadata"]["HTTPStatusCode"])


class Generated:
    """A file-like body of ``size`` bytes made up on the fly (never held whole in memory)."""

    def __init__(self, size: int, byte: bytes = b"z") -> None:
        self._left = size
        self._byte = byte

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > self._left:
            size = self._left
        self._left -= size
        return self._byte * size
