"""Reading an object: conditional requests, byte ranges, the headers a GET or HEAD answers and
the body as a stream over the blob file.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
https://www.rfc-editor.org/rfc/rfc9110#name-conditional-requests
"""

from __future__ import annotations

import io
import math
import re
from typing import Any, BinaryIO

from fourbeat.clock import as_datetime
from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Response
from fourbeat.services.s3._errors import not_modified, precondition_failed
from fourbeat.services.s3._names import NULL_VERSION
from fourbeat.services.s3._records import Bucket, Version
from fourbeat.services.s3._writes import CONTENT_HEADERS, to_epoch

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_OVERRIDES = {
    "ResponseCacheControl": "CacheControl",
    "ResponseContentDisposition": "ContentDisposition",
    "ResponseContentEncoding": "ContentEncoding",
    "ResponseContentLanguage": "ContentLanguage",
    "ResponseContentType": "ContentType",
}
ARCHIVED = frozenset({"GLACIER", "DEEP_ARCHIVE"})


def check_conditions(version: Version, params: Params, prefix: str = "") -> None:
    """RFC 9110 preconditions as S3 applies them: If-Match, else If-Unmodified-Since (412);
    If-None-Match, else If-Modified-Since (304 for a read; 412 for a copy source, whose
    members are prefixed ``CopySource``)."""
    modified = math.floor(version.modified)  # Last-Modified has one-second resolution
    if_match = params.get(f"{prefix}IfMatch")
    header = "x-amz-copy-source-" if prefix else ""
    if if_match is not None:
        if not _etag_matches(if_match, version.etag):
            raise precondition_failed(f"{header}If-Match")
    elif f"{prefix}IfUnmodifiedSince" in params and modified > to_epoch(
        params[f"{prefix}IfUnmodifiedSince"]
    ):
        raise precondition_failed(f"{header}If-Unmodified-Since")
    if_none_match = params.get(f"{prefix}IfNoneMatch")
    if if_none_match is not None:
        if _etag_matches(if_none_match, version.etag):
            raise precondition_failed(f"{header}If-None-Match") if prefix else not_modified()
    elif f"{prefix}IfModifiedSince" in params:
        since = to_epoch(params[f"{prefix}IfModifiedSince"])
        if modified <= since:
            raise precondition_failed(f"{header}If-Modified-Since") if prefix else not_modified()


def _etag_matches(header: str, etag: str) -> bool:
    wanted = {item.strip().removeprefix("W/").strip('"') for item in header.split(",")}
    return "*" in wanted or etag.strip('"') in wanted


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """``(first, last)`` of a satisfiable single range, None to send the whole object.

    S3 ignores a Range header it cannot parse (and multiple ranges) and sends the whole
    object; an unsatisfiable range is 416 InvalidRange.
    """
    match = _RANGE.match(header.strip()) if header else None
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first_text, last_text = match.groups()
    if first_text == "":
        length = int(last_text)
        if length == 0 or size == 0:
            raise _invalid_range(header or "", size)
        return max(size - length, 0), size - 1
    first = int(first_text)
    last = size - 1 if last_text == "" else min(int(last_text), size - 1)
    if last_text and int(last_text) < first:
        return None
    if first >= size:
        raise _invalid_range(header or "", size)
    return first, last


def _invalid_range(header: str, size: int) -> AwsError:
    return AwsError(
        "InvalidRange",
        "The requested range is not satisfiable",
        416,
        RangeRequested=header,
        ActualObjectSize=size,
    )


def refuse_archived(version: Version) -> None:
    if version.storage_class in ARCHIVED:
        raise AwsError(
            "InvalidObjectState",
            "The operation is not valid for the object's storage class",
            StorageClass=version.storage_class,
        )


def object_headers(bucket: Bucket, version: Version, params: Params) -> Response:
    """What GET and HEAD answer about a version, before any range is applied."""
    attrs = version.attrs
    response: Response = {
        "AcceptRanges": "bytes",
        "LastModified": as_datetime(math.floor(version.modified)),
        "ContentLength": version.size,
        "ETag": version.etag,
        "ServerSideEncryption": "AES256",
        "Metadata": dict(attrs.get("Metadata", {})),
    }
    response.update({name: attrs[name] for name in CONTENT_HEADERS if name in attrs})
    if "Expires" in attrs:
        response["Expires"] = as_datetime(attrs["Expires"])
    if "StorageClass" in attrs:
        response["StorageClass"] = attrs["StorageClass"]
    if bucket.versioning is not None or version.version_id != NULL_VERSION:
        response["VersionId"] = version.version_id
    if version.tags:
        response["TagCount"] = len(version.tags)
    if params.get("ChecksumMode") == "ENABLED" and "Checksum" in attrs:
        checksum = attrs["Checksum"]
        response[f"Checksum{checksum['algorithm']}"] = checksum["value"]
        response["ChecksumType"] = checksum["type"]
    for override, header in _OVERRIDES.items():
        if override in params:
            response[header] = params[override]
    if "ResponseExpires" in params:
        response["Expires"] = as_datetime(to_epoch(params["ResponseExpires"]))
    return response


def part_range(version: Version, part_number: int) -> tuple[int, int]:
    """The bytes of one part of a multipart object (an object put whole is one part)."""
    sizes: list[int] = version.attrs.get("Parts") or [version.size]
    if not 1 <= part_number <= len(sizes):
        raise AwsError(
            "InvalidPartNumber",
            "The requested partnumber is not satisfiable",
            416,
            PartNumberRequested=part_number,
            ActualPartCount=len(sizes),
        )
    first = sum(sizes[: part_number - 1])
    return first, first + sizes[part_number - 1] - 1


class RangeReader(io.RawIOBase):
    """``length`` bytes of a file from ``first``: the raw stream under a ranged GET's body."""

    def __init__(self, file: BinaryIO, first: int, length: int) -> None:
        super().__init__()
        self._file = file
        self._left = length
        file.seek(first)

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> bytes:
        # botocore's StreamingBody reads with ``amt=None`` for "all of it".
        data = super().read(-1 if size is None else size)
        return data or b""

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        wanted = min(len(view), self._left)
        if wanted <= 0:
            return 0
        chunk = self._file.read(wanted)
        view[: len(chunk)] = chunk
        self._left -= len(chunk)
        return len(chunk)

    def close(self) -> None:
        self._file.close()
        super().close()
