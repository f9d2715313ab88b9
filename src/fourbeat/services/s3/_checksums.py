"""Additional checksums (``x-amz-checksum-*``): which one a request asks for, computing it while
a body streams in, and the composite checksum of a multipart object.

A request names an algorithm (``ChecksumAlgorithm``) or sends a value (``ChecksumCRC32`` …). An
SDK computes the value from the body it sends; in process the body arrives without it, so S3's
side computes it from the same bytes. A value the caller did send is verified, as S3 does.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, service_model
from fourbeat.services.s3._errors import invalid_request, not_implemented


class Hasher(Protocol):
    def update(self, data: bytes, /) -> None: ...

    def digest(self) -> bytes: ...


class _Crc32:
    def __init__(self) -> None:
        self._value = 0

    def update(self, data: bytes, /) -> None:
        self._value = zlib.crc32(data, self._value)

    def digest(self) -> bytes:
        return self._value.to_bytes(4, "big")


_HASHERS: dict[str, Callable[[], Hasher]] = {
    "CRC32": _Crc32,
    "SHA1": hashlib.sha1,
    "SHA256": hashlib.sha256,
    "SHA512": hashlib.sha512,
    "MD5": hashlib.md5,
}
_DIGEST_SIZES = {"CRC32": 4, "SHA1": 20, "SHA256": 32, "SHA512": 64, "MD5": 16}
FULL_OBJECT = "FULL_OBJECT"
COMPOSITE = "COMPOSITE"


def algorithms() -> list[str]:
    return list(service_model("s3").shape_for("ChecksumAlgorithm").enum)


@dataclass(frozen=True)
class Requested:
    """The checksum a write asks for, and the value it sent (None: S3 computes it)."""

    algorithm: str
    expected: str | None


def requested(params: Params) -> Requested | None:
    """What additional checksum a write asks for, or None."""
    sent = {alg: params[f"Checksum{alg}"] for alg in algorithms() if f"Checksum{alg}" in params}
    if len(sent) > 1:
        raise invalid_request(
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed."
        )
    named = params.get("ChecksumAlgorithm")
    algorithm = named.upper() if named else next(iter(sent), None)
    if algorithm is None:
        return None
    if sent and algorithm not in sent:
        raise invalid_request("Value for x-amz-sdk-checksum-algorithm header is invalid.")
    if algorithm not in _HASHERS:
        raise not_implemented(f"the {algorithm} checksum algorithm")
    expected = sent.get(algorithm)
    if expected is not None and not _well_formed(algorithm, expected):
        raise invalid_request(f"Value for x-amz-checksum-{algorithm.lower()} header is invalid.")
    return Requested(algorithm, expected)


def new_hasher(algorithm: str) -> Hasher:
    if algorithm not in _HASHERS:
        raise not_implemented(f"the {algorithm} checksum algorithm")
    return _HASHERS[algorithm]()


def encoded(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def verify(requested: Requested, computed: str) -> None:
    if requested.expected is not None and requested.expected != computed:
        raise AwsError(
            "BadDigest",
            f"The {requested.algorithm} you specified did not match the calculated checksum.",
            400,
        )


def composite(algorithm: str, part_values: list[str]) -> str:
    """A multipart object's COMPOSITE checksum: the checksum of its parts' checksums, ``-N``."""
    hasher = new_hasher(algorithm)
    for value in part_values:
        hasher.update(base64.b64decode(value))
    return f"{encoded(hasher.digest())}-{len(part_values)}"


def _well_formed(algorithm: str, value: str) -> bool:
    try:
        return len(base64.b64decode(value, validate=True)) == _DIGEST_SIZES[algorithm]
    except (binascii.Error, ValueError):
        return False
