"""Multipart uploads: create, upload (or copy) parts, complete, abort.

Each part is its own blob; completing streams the parts, in order, into the object's blob and
drops the upload in the same transaction that makes the object current.
https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
"""

from __future__ import annotations

import json
import math
import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

from fourbeat.clock import as_datetime
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.s3._checksums import (
    COMPOSITE,
    FULL_OBJECT,
    Requested,
    new_hasher,
    requested,
)
from fourbeat.services.s3._copy import CopyOperations
from fourbeat.services.s3._core import Gone, Writes
from fourbeat.services.s3._errors import (
    internal_error,
    invalid_argument,
    invalid_request,
    no_such_upload,
)
from fourbeat.services.s3._names import check_key, new_upload_id, object_arn, quoted
from fourbeat.services.s3._objects import write_context
from fourbeat.services.s3._parts import assemble, checked_parts
from fourbeat.services.s3._reads import RangeReader, check_conditions
from fourbeat.services.s3._records import NewVersion, Upload, drop_upload, find_upload
from fourbeat.services.s3._tags import parse_tagging_header
from fourbeat.services.s3._writes import Ingested, ingest, object_attrs, refuse_unsupported

MAX_PART_NUMBER = 10_000
_READ_ATTEMPTS = 3
_COPY_RANGE = re.compile(r"^bytes=(\d+)-(\d+)$")
_HASH_ONLY = frozenset({"SHA1", "SHA256", "SHA512", "MD5"})
_FULL_ONLY = frozenset({"CRC64NVME"})


class MultipartOperations(CopyOperations):
    def CreateMultipartUpload(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key = params["Key"]
        check_key(key)
        refuse_unsupported(params)
        attrs = object_attrs(params)
        checksum = _upload_checksum(params)
        if checksum:
            attrs["Checksum"] = checksum
        tags = parse_tagging_header(params.get("Tagging"))
        actions = ["s3:PutObject"] + (["s3:PutObjectTagging"] if tags else [])
        self.authorize(request, actions, object_arn(bucket.name, key), write_context(params, tags))
        upload_id = new_upload_id()
        with self._writing() as writes:
            writes.db.execute(
                "insert into s3_uploads (upload_id, bucket, key, initiated, initiator, attrs, "
                "tags) values (?, ?, ?, ?, ?, ?, ?)",
                (
                    upload_id,
                    bucket.name,
                    key,
                    self.clock.now(),
                    request.principal.arn,
                    json.dumps(attrs),
                    json.dumps(tags),
                ),
            )
        response: Response = {
            "Bucket": bucket.name,
            "Key": key,
            "UploadId": upload_id,
            "ServerSideEncryption": "AES256",
        }
        if checksum:
            response["ChecksumAlgorithm"] = checksum["algorithm"]
            response["ChecksumType"] = checksum["type"]
        return response

    def UploadPart(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key, part_number = params["Key"], _part_number(params)
        self.authorize(request, "s3:PutObject", object_arn(bucket.name, key))
        upload = self._upload(bucket.name, key, params["UploadId"])
        if any(name.startswith("SSECustomer") for name in params):
            raise invalid_request("The multipart upload was not created with SSE-C")
        body = ingest(self.store.blobs, params, _part_checksum(upload, requested(params)))
        self._store_part(upload, part_number, body)
        response: Response = {"ETag": quoted(body.md5), "ServerSideEncryption": "AES256"}
        if body.checksum:
            response[f"Checksum{body.checksum['algorithm']}"] = body.checksum["value"]
        return response

    def UploadPartCopy(self, request: Request, params: Params) -> Response:
        for _ in range(_READ_ATTEMPTS):
            try:
                return self._copy_part(request, params)
            except Gone:
                continue  # the source was replaced while we read it: copy what is there now
        raise internal_error()

    def _copy_part(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key, part_number = params["Key"], _part_number(params)
        source_bucket, source = self._copy_source(request, params)
        self.authorize(request, "s3:PutObject", object_arn(bucket.name, key))
        upload = self._upload(bucket.name, key, params["UploadId"])
        check_conditions(source, params, prefix="CopySource")
        first, last = _copy_range(params.get("CopySourceRange"), source.size)
        with RangeReader(self._open(source), first, last - first + 1) as reader:
            body = ingest(self.store.blobs, {"Body": reader}, _part_checksum(upload, None))
        self._store_part(upload, part_number, body)
        result: dict[str, Any] = {"ETag": quoted(body.md5), "LastModified": _now(self)}
        if body.checksum:
            result[f"Checksum{body.checksum['algorithm']}"] = body.checksum["value"]
        response: Response = {"CopyPartResult": result, "ServerSideEncryption": "AES256"}
        if source_bucket.versioning is not None:
            response["CopySourceVersionId"] = source.version_id
        return response

    def CompleteMultipartUpload(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key = params["Key"]
        self.authorize(
            request, "s3:PutObject", object_arn(bucket.name, key), write_context(params, [])
        )
        upload = self._upload(bucket.name, key, params["UploadId"])
        parts = checked_parts(self._db(), upload, params.get("MultipartUpload", {}))
        assembled = assemble(self.store.blobs, upload, parts, params)
        # The whole body's MD5 is kept for copies, which are single-part objects.
        attrs = {**upload.attrs, "Parts": [p.size for p in parts], "BodyMD5": assembled.md5}
        if assembled.checksum:
            attrs["Checksum"] = assembled.checksum
        new = NewVersion(key, assembled.blob, assembled.size, assembled.etag, attrs, upload.tags)

        def finish(writes: Writes) -> None:
            if find_upload(writes.db, bucket.name, key, upload.upload_id) is None:
                raise no_such_upload(upload.upload_id)
            writes.release(drop_upload(writes.db, upload.upload_id))

        bucket, _, version_id = self._commit_version(
            request, "ObjectCreated:CompleteMultipartUpload", new, params, also=finish
        )
        response: Response = {
            "Location": _location(bucket.name, bucket.region, key),
            "Bucket": bucket.name,
            "Key": key,
            "ETag": new.etag,
            "ServerSideEncryption": "AES256",
        }
        if bucket.versioning is not None:
            response["VersionId"] = version_id
        if assembled.checksum:
            response[f"Checksum{assembled.checksum['algorithm']}"] = assembled.checksum["value"]
            response["ChecksumType"] = assembled.checksum["type"]
        return response

    def AbortMultipartUpload(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key = params["Key"]
        if "IfMatchInitiatedTime" in params:
            raise invalid_request("IfMatchInitiatedTime is only supported for directory buckets")
        self.authorize(request, "s3:AbortMultipartUpload", object_arn(bucket.name, key))
        upload = self._upload(bucket.name, key, params["UploadId"])
        with self._writing() as writes:
            writes.release(drop_upload(writes.db, upload.upload_id))
        return {}

    def _upload(self, bucket: str, key: str, upload_id: str) -> Upload:
        upload = find_upload(self._db(), bucket, key, upload_id)
        if upload is None:
            raise no_such_upload(upload_id)
        return upload

    def _store_part(self, upload: Upload, part_number: int, body: Ingested) -> None:
        checksum = json.dumps(body.checksum) if body.checksum else None
        try:
            with self._writing() as writes:
                if find_upload(writes.db, upload.bucket, upload.key, upload.upload_id) is None:
                    raise no_such_upload(upload.upload_id)
                old = writes.db.execute(
                    "select blob from s3_parts where upload_id = ? and part_number = ?",
                    (upload.upload_id, part_number),
                ).fetchone()
                if old is not None:
                    writes.release([old["blob"]])
                writes.db.execute(
                    "insert or replace into s3_parts (upload_id, part_number, blob, size, etag, "
                    "modified, checksum) values (?, ?, ?, ?, ?, ?, ?)",
                    (
                        upload.upload_id,
                        part_number,
                        body.blob,
                        body.size,
                        quoted(body.md5),
                        self.clock.now(),
                        checksum,
                    ),
                )
        except BaseException:
            if body.blob:
                self.store.blobs.delete(body.blob)
            raise


def _upload_checksum(params: Params) -> dict[str, str] | None:
    """The additional checksum a new upload asks for: ``{"algorithm", "type"}``.

    COMPOSITE is the default type, but CRC64NVME is only FULL_OBJECT and the SHA and MD5
    algorithms only COMPOSITE.
    """
    algorithm, kind = params.get("ChecksumAlgorithm"), params.get("ChecksumType")
    if algorithm is None:
        if kind is not None:
            raise invalid_request(
                "The x-amz-checksum-type header can only be used with the "
                "x-amz-checksum-algorithm header."
            )
        return None
    algorithm = algorithm.upper()
    new_hasher(algorithm)  # fails loudly for an algorithm fourbeat cannot compute
    kind = kind or (FULL_OBJECT if algorithm in _FULL_ONLY else COMPOSITE)
    if (kind == FULL_OBJECT and algorithm in _HASH_ONLY) or (
        kind == COMPOSITE and algorithm in _FULL_ONLY
    ):
        raise invalid_request(
            f"The {kind} checksum type cannot be used with the {algorithm.lower()} checksum "
            "algorithm."
        )
    return {"algorithm": algorithm, "type": kind}


def _part_checksum(upload: Upload, asked: Requested | None) -> Requested | None:
    """A part's checksum is the upload's algorithm (an SDK computes it by default)."""
    expected = upload.checksum
    if expected is None:
        return asked
    if asked is None:
        return Requested(expected["algorithm"], None)
    if asked.algorithm != expected["algorithm"]:
        raise invalid_request(
            f"Checksum Type mismatch occurred, expected checksum Type: "
            f"{expected['algorithm'].lower()}, actual checksum Type: {asked.algorithm.lower()}"
        )
    return asked


def _part_number(params: Params) -> int:
    number: int = params["PartNumber"]
    if not 1 <= number <= MAX_PART_NUMBER:
        raise invalid_argument(
            "Part number must be an integer between 1 and 10000, inclusive", "partNumber", number
        )
    return number


def _copy_range(header: str | None, size: int) -> tuple[int, int]:
    if header is None:
        return 0, size - 1
    match = _COPY_RANGE.match(header)
    if match is None:
        raise invalid_argument(
            "The x-amz-copy-source-range value must be of the form bytes=first-last where first "
            "and last are the zero-based offsets of the first and last bytes to copy",
            "x-amz-copy-source-range",
            header,
        )
    first, last = int(match.group(1)), int(match.group(2))
    if first > last or last >= size:
        raise invalid_argument(
            f"Range specified is not valid for source object of size: {size}",
            "x-amz-copy-source-range",
            header,
        )
    return first, last


def _location(bucket: str, region: str, key: str) -> str:
    host = f"{bucket}.s3.amazonaws.com"
    if region != "us-east-1":
        host = f"{bucket}.s3.{region}.amazonaws.com"
    return f"https://{host}/{quote(key)}"


def _now(core: MultipartOperations) -> datetime:
    return as_datetime(math.floor(core.clock.now()))
