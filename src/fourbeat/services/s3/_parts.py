"""Completing a multipart upload: checking the part list against the stored parts, and
streaming the parts into the object's blob.

- Parts are listed in ascending order, each with the ETag (and, for an upload created with an
  additional checksum, the checksum) its upload answered: else InvalidPartOrder, InvalidPart.
- Every part but the last holds at least 5 MiB: else EntityTooSmall.
- The ETag is the MD5 of the parts' binary MD5s, then ``-`` and the part count.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params
from fourbeat.services.s3._checksums import FULL_OBJECT, Hasher, composite, encoded, new_hasher
from fourbeat.services.s3._errors import invalid_request, malformed_xml
from fourbeat.services.s3._records import Upload
from fourbeat.store import BlobStore

MIN_PART_SIZE = 5 * 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredPart:
    number: int
    blob: str | None
    size: int
    etag: str
    checksum: dict[str, str] | None


@dataclass(frozen=True)
class Assembled:
    blob: str
    size: int
    etag: str
    md5: str
    """Hex MD5 of the whole body (the ETag is the MD5 of the parts' MD5s)."""
    checksum: dict[str, str] | None


def checked_parts(
    db: sqlite3.Connection, upload: Upload, document: dict[str, Any]
) -> list[StoredPart]:
    """The stored parts the completion lists, in order, or S3's error for the list."""
    listed = document.get("Parts", [])
    if not listed:
        raise malformed_xml()
    stored = {
        row["part_number"]: StoredPart(
            row["part_number"],
            row["blob"],
            row["size"],
            row["etag"],
            json.loads(row["checksum"]) if row["checksum"] else None,
        )
        for row in db.execute("select * from s3_parts where upload_id = ?", (upload.upload_id,))
    }
    numbers = [part.get("PartNumber", 0) for part in listed]
    if any(later <= earlier for earlier, later in pairwise(numbers)):
        raise AwsError(
            "InvalidPartOrder",
            "The list of parts was not in ascending order. The parts list must be specified in "
            "order by part number.",
            400,
            UploadId=upload.upload_id,
        )
    parts = [_matching(stored, part, upload) for part in listed]
    for part in parts[:-1]:
        if part.size < MIN_PART_SIZE:
            raise AwsError(
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed size",
                400,
                ProposedSize=part.size,
                MinSizeAllowed=MIN_PART_SIZE,
                PartNumber=part.number,
                ETag=part.etag.strip('"'),
            )
    return parts


def _matching(stored: dict[int, StoredPart], listed: dict[str, Any], upload: Upload) -> StoredPart:
    number = listed.get("PartNumber", 0)
    part = stored.get(number)
    etag = listed.get("ETag", "")
    if part is None or etag.strip('"') != part.etag.strip('"'):
        raise _invalid_part(upload, number, etag)
    algorithm = (upload.checksum or {}).get("algorithm")
    if algorithm is not None:
        given = listed.get(f"Checksum{algorithm}")
        if given is None:
            raise invalid_request(
                f"The upload was created using a {algorithm.lower()} checksum. The complete "
                "request must include the checksum for each part. It was missing for part "
                f"{number} in the request."
            )
        if part.checksum is None or given != part.checksum["value"]:
            raise _invalid_part(upload, number, etag)
    return part


def _invalid_part(upload: Upload, number: int, etag: str) -> AwsError:
    return AwsError(
        "InvalidPart",
        "One or more of the specified parts could not be found.  The part may not have been "
        "uploaded, or the specified entity tag may not match the part's entity tag.",
        400,
        UploadId=upload.upload_id,
        PartNumber=number,
        ETag=etag,
    )


def assemble(
    blobs: BlobStore, upload: Upload, parts: list[StoredPart], params: Params
) -> Assembled:
    """Stream the parts into one new blob; its ETag and checksum per the upload."""
    checksum = upload.checksum
    hasher = (
        new_hasher(checksum["algorithm"]) if checksum and checksum["type"] == FULL_OBJECT else None
    )
    blob = blobs.write(_chunks(blobs, parts, hasher))
    md5s = b"".join(bytes.fromhex(part.etag.strip('"')) for part in parts)
    etag = f'"{hashlib.md5(md5s).hexdigest()}-{len(parts)}"'
    summary = None
    if checksum is not None:
        if hasher is not None:
            value = encoded(hasher.digest())
        else:
            value = composite(
                checksum["algorithm"], [p.checksum["value"] for p in parts if p.checksum]
            )
        summary = {"algorithm": checksum["algorithm"], "value": value, "type": checksum["type"]}
    try:
        _verify_object_checksum(summary, params, blob.size)
    except AwsError:
        blobs.delete(blob.id)
        raise
    return Assembled(blob.id, blob.size, etag, blob.md5, summary)


def _chunks(blobs: BlobStore, parts: list[StoredPart], hasher: Hasher | None) -> Iterator[bytes]:
    for part in parts:
        if part.blob is None:
            continue  # an empty part
        with blobs.open(part.blob) as file:
            while chunk := file.read(_CHUNK):
                if hasher is not None:
                    hasher.update(chunk)
                yield chunk


def _verify_object_checksum(summary: dict[str, str] | None, params: Params, size: int) -> None:
    """What the completion request says of the whole object: its size and checksum."""
    if "MpuObjectSize" in params and params["MpuObjectSize"] != size:
        raise invalid_request(
            f"The provided 'x-amz-mp-object-size' header value {params['MpuObjectSize']} does not "
            f"match what was computed: {size}"
        )
    for name in [name for name in params if name.startswith("Checksum") and name != "ChecksumType"]:
        algorithm = name.removeprefix("Checksum")
        if summary is None or summary["algorithm"] != algorithm:
            raise invalid_request(
                f"The upload was not created with a {algorithm.lower()} checksum."
            )
        if params[name] != summary["value"]:
            raise AwsError(
                "BadDigest",
                f"The {algorithm} you specified did not match the calculated checksum.",
                400,
            )
    if "ChecksumType" in params and (summary is None or params["ChecksumType"] != summary["type"]):
        raise invalid_request(
            "The upload was created using the "
            f"{(summary or {}).get('type', 'null')} checksum mode. The complete request must use "
            "the same checksum mode."
        )
