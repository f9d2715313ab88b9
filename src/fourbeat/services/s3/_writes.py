"""Taking in what a write sends: the body, streamed into a blob in chunks (never whole in
memory) while its MD5, size and additional checksum are computed, and the headers stored with
the object.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
from dataclasses import dataclass
from itertools import chain
from typing import Any

from botocore.utils import parse_timestamp

from fourbeat.errors import AwsError
from fourbeat.services._base import Params
from fourbeat.services.s3._checksums import FULL_OBJECT, Hasher, Requested, encoded, new_hasher
from fourbeat.services.s3._checksums import verify as verify_checksum
from fourbeat.services.s3._errors import invalid_argument, not_implemented
from fourbeat.store import BlobStore

CHUNK = 1024 * 1024

MAX_PUT_SIZE = 5 * 1024**3
MAX_METADATA_BYTES = 2048
CONTENT_HEADERS = (
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "WebsiteRedirectLocation",
)
DEFAULT_CONTENT_TYPE = "binary/octet-stream"
# Storage classes a general purpose bucket takes (the model's enum also names ones for
# Outposts, Snow, directory buckets and FSx).
STORAGE_CLASSES = frozenset(
    {
        "STANDARD",
        "REDUCED_REDUNDANCY",
        "STANDARD_IA",
        "ONEZONE_IA",
        "INTELLIGENT_TIERING",
        "GLACIER",
        "DEEP_ARCHIVE",
        "GLACIER_IR",
    }
)


@dataclass(frozen=True)
class Ingested:
    blob: str | None
    """None for an empty or inline body: no file is kept for those."""
    inline: bytes | None
    """The whole body, when it is at most the inline limit the caller gave."""
    size: int
    md5: str
    """Hex digest."""
    checksum: dict[str, str] | None
    """``{"algorithm", "value", "type"}`` when the write asked for an additional checksum."""


class _Intake:
    """A readable over the request body that counts, stops at a limit and feeds hashers."""

    def __init__(self, body: Any, length: int | None, hasher: Hasher | None) -> None:
        self._body = body
        self._left = length
        self._hasher = hasher
        self.size = 0
        self.too_large = False

    def read(self, size: int = -1, /) -> bytes:
        if self._left is not None:
            size = min(size, self._left) if size >= 0 else self._left
            if size == 0:
                return b""
        chunk = _read(self._body, size)
        if self._left is not None:
            self._left -= len(chunk)
        self.size += len(chunk)
        if self.size > MAX_PUT_SIZE:
            self.too_large = True
            return b""
        if self._hasher is not None:
            self._hasher.update(chunk)
        return chunk

    @property
    def short(self) -> bool:
        return bool(self._left)


def _read(body: Any, size: int) -> bytes:
    if body is None:
        return b""
    chunk = body.read(size)
    return chunk.encode() if isinstance(chunk, str) else bytes(chunk)


def ingest(
    blobs: BlobStore, params: Params, checksum: Requested | None, *, inline_limit: int = 0
) -> Ingested:
    """Stream the body into a new blob, or keep it in memory if it is at most ``inline_limit``
    bytes, and verify what the request said of it."""
    body = params.get("Body")
    if isinstance(body, str | bytes | bytearray):
        body = _BytesReader(body.encode() if isinstance(body, str) else bytes(body))
    hasher = new_hasher(checksum.algorithm) if checksum else None
    intake = _Intake(body, params.get("ContentLength"), hasher)
    first = intake.read(CHUNK)
    second = intake.read(CHUNK) if first else b""
    blob_id, inline = None, None
    if not second and len(first) <= inline_limit:
        inline, size, md5 = first or None, len(first), hashlib.md5(first).hexdigest()
    else:
        blob = blobs.write(chain([first, second], iter(lambda: intake.read(CHUNK), b"")))
        blob_id, size, md5 = blob.id, blob.size, blob.md5
    try:
        _verify(intake, md5, params)
        summary = None
        if checksum is not None and hasher is not None:
            value = encoded(hasher.digest())
            verify_checksum(checksum, value)
            summary = {"algorithm": checksum.algorithm, "value": value, "type": FULL_OBJECT}
    except AwsError:
        if blob_id:
            blobs.delete(blob_id)
        raise
    return Ingested(blob_id, inline, size, md5, summary)


def _verify(intake: _Intake, md5_hex: str, params: Params) -> None:
    if intake.too_large:
        raise AwsError(
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed size",
            400,
            ProposedSize=intake.size,
            MaxSizeAllowed=MAX_PUT_SIZE,
        )
    if intake.short:
        raise AwsError(
            "IncompleteBody",
            "You did not provide the number of bytes specified by the Content-Length HTTP header",
            400,
        )
    given = params.get("ContentMD5")
    if given is None:
        return
    try:
        expected = base64.b64decode(given, validate=True)
    except (binascii.Error, ValueError):
        expected = b""
    if len(expected) != 16:
        raise AwsError(
            "InvalidDigest", "The Content-MD5 you specified was invalid.", 400, ContentMD5=given
        )
    if expected.hex() != md5_hex:
        raise AwsError(
            "BadDigest",
            "The Content-MD5 you specified did not match what we received.",
            400,
            ExpectedDigest=given,
            CalculatedDigest=base64.b64encode(bytes.fromhex(md5_hex)).decode(),
        )


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._at = 0

    def read(self, size: int = -1, /) -> bytes:
        end = len(self._view) if size < 0 else self._at + size
        chunk = bytes(self._view[self._at : end])
        self._at += len(chunk)
        return chunk


def object_attrs(params: Params) -> dict[str, Any]:
    """The headers and metadata a write stores with the object."""
    attrs: dict[str, Any] = {name: params[name] for name in CONTENT_HEADERS if name in params}
    attrs.setdefault("ContentType", DEFAULT_CONTENT_TYPE)
    if "Expires" in params:
        attrs["Expires"] = to_epoch(params["Expires"])
    attrs["Metadata"] = user_metadata(params.get("Metadata", {}))
    storage_class = params.get("StorageClass", "STANDARD")
    if storage_class not in STORAGE_CLASSES:
        raise AwsError(
            "InvalidStorageClass",
            "The storage class you specified is not valid",
            400,
            StorageClassRequested=storage_class,
        )
    if storage_class != "STANDARD":
        attrs["StorageClass"] = storage_class
    return attrs


def user_metadata(metadata: dict[str, str]) -> dict[str, str]:
    """``x-amz-meta-*`` headers: names are case-insensitive and come back in lower case."""
    result = {name.lower(): value for name, value in metadata.items()}
    size = sum(len(k.encode()) + len(v.encode()) for k, v in result.items())
    if size > MAX_METADATA_BYTES:
        raise AwsError(
            "MetadataTooLarge",
            "Your metadata headers exceed the maximum allowed metadata size",
            400,
            Size=size,
            MaxSizeAllowed=MAX_METADATA_BYTES,
        )
    return result


def refuse_unsupported(params: Params) -> None:
    """Fail loudly on write options fourbeat does not model."""
    if any(name.startswith("SSECustomer") for name in params):
        raise not_implemented("server-side encryption with customer keys (SSE-C)")
    if any(name.startswith("ObjectLock") for name in params):
        raise not_implemented("S3 Object Lock")
    if "WriteOffsetBytes" in params:
        raise not_implemented("appending to objects (WriteOffsetBytes)")
    encryption = params.get("ServerSideEncryption", "AES256")
    if encryption.startswith("aws:kms") or "SSEKMSKeyId" in params:
        raise not_implemented("server-side encryption with KMS keys (SSE-KMS)")
    if encryption != "AES256":
        raise invalid_argument(
            "The encryption method specified is not supported",
            "x-amz-server-side-encryption",
            encryption,
        )
    acl_headers = [name for name in params if name.startswith("Grant")]
    if acl_headers or params.get("ACL", "bucket-owner-full-control") != "bucket-owner-full-control":
        # New buckets enforce bucket ownership, which turns ACLs off: only PUTs without an ACL
        # or with bucket-owner-full-control go through.
        # https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
        raise AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400)


def to_epoch(value: Any) -> float:
    """A timestamp parameter (datetime, epoch number or string) as epoch seconds."""
    if not isinstance(value, datetime.datetime):
        value = parse_timestamp(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return float(value.timestamp())
