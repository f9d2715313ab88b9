"""Listing multipart uploads in progress (ListMultipartUploads) and their parts (ListParts).

https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListParts.html
"""

from __future__ import annotations

import json
import math
import sqlite3
from typing import Any

from fourbeat.clock import as_datetime
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.s3._core import S3Core
from fourbeat.services.s3._errors import invalid_argument, no_such_upload
from fourbeat.services.s3._names import bucket_arn, object_arn, owner, url_encode
from fourbeat.services.s3._records import Bucket, Upload, find_upload
from fourbeat.services.s3._scan import Position, fetcher, start_after, walk

MAX_PAGE = 1000


class UploadListingOperations(S3Core):
    def ListParts(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key = params["Key"]
        self.authorize(request, "s3:ListMultipartUploadParts", object_arn(bucket.name, key))
        upload = find_upload(self._db(), bucket.name, key, params["UploadId"])
        if upload is None:
            raise no_such_upload(params["UploadId"])
        max_parts = _limit(params, "MaxParts", "max-parts")
        marker = int(params.get("PartNumberMarker", 0))
        rows = (
            self._db()
            .execute(
                "select * from s3_parts where upload_id = ? and part_number > ? "
                "order by part_number limit ?",
                (upload.upload_id, marker, min(max_parts, MAX_PAGE) + 1),
            )
            .fetchall()
        )
        page = rows[: min(max_parts, MAX_PAGE)]
        response: Response = {
            "Bucket": bucket.name,
            "Key": key,
            "UploadId": upload.upload_id,
            "PartNumberMarker": marker,
            "MaxParts": max_parts,
            "IsTruncated": len(rows) > len(page),
            "Initiator": {"ID": upload.initiator},
            "Owner": owner(bucket.account),
            "StorageClass": upload.attrs.get("StorageClass", "STANDARD"),
        }
        if page:
            response["Parts"] = [_part(row) for row in page]
            response["NextPartNumberMarker"] = page[-1]["part_number"]
        if upload.checksum:
            response["ChecksumAlgorithm"] = upload.checksum["algorithm"]
            response["ChecksumType"] = upload.checksum["type"]
        return response

    def ListMultipartUploads(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:ListBucketMultipartUploads", bucket_arn(bucket.name))
        prefix, delimiter = params.get("Prefix", ""), params.get("Delimiter") or None
        max_uploads = _limit(params, "MaxUploads", "max-uploads")
        fetch = fetcher(
            self._db(), "select * from s3_uploads where bucket = ?", [bucket.name], "asc"
        )
        start = self._uploads_start(bucket, params, prefix, delimiter)
        page = walk(fetch, start, prefix, delimiter, min(max_uploads, MAX_PAGE))
        encode = url_encode if params.get("EncodingType") == "url" else (lambda value: value)
        response: Response = {
            "Bucket": bucket.name,
            "KeyMarker": encode(params.get("KeyMarker", "")),
            "UploadIdMarker": params.get("UploadIdMarker", ""),
            "Prefix": encode(prefix),
            "MaxUploads": max_uploads,
            "IsTruncated": page.truncated,
        }
        uploads = [_upload(Upload.from_row(row), bucket, encode) for row in page.rows]
        if uploads:
            response["Uploads"] = uploads
        prefixes = page.common_prefixes(encode)
        if prefixes:
            response["CommonPrefixes"] = prefixes
        if "Delimiter" in params:
            response["Delimiter"] = encode(params["Delimiter"])
        if "EncodingType" in params:
            response["EncodingType"] = params["EncodingType"]
        last = page.last
        if last is not None:
            response["NextKeyMarker"] = encode(last if isinstance(last, str) else last["key"])
            response["NextUploadIdMarker"] = "" if isinstance(last, str) else last["upload_id"]
        return response

    def _uploads_start(
        self, bucket: Bucket, params: Params, prefix: str, delimiter: str | None
    ) -> Position:
        key_marker = params.get("KeyMarker", "")
        if not key_marker:
            return Position("")  # without a key marker the upload id marker is ignored
        upload_marker = params.get("UploadIdMarker")
        if upload_marker:
            marked = find_upload(self._db(), bucket.name, key_marker, upload_marker)
            if marked is not None:
                return Position(key_marker, seq=marked.seq)
        return start_after(key_marker, prefix, delimiter)


def _limit(params: Params, name: str, argument: str) -> int:
    value: int = params.get(name, MAX_PAGE)
    if not 0 <= value <= 2**31 - 1:
        raise invalid_argument(
            f"Argument {argument} must be an integer between 0 and 2147483647", argument, value
        )
    return value


def _part(row: sqlite3.Row) -> dict[str, Any]:
    part: dict[str, Any] = {
        "PartNumber": row["part_number"],
        "LastModified": as_datetime(math.floor(row["modified"])),
        "ETag": row["etag"],
        "Size": row["size"],
    }
    if row["checksum"]:
        checksum = json.loads(row["checksum"])
        part[f"Checksum{checksum['algorithm']}"] = checksum["value"]
    return part


def _upload(upload: Upload, bucket: Bucket, encode: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "UploadId": upload.upload_id,
        "Key": encode(upload.key),
        "Initiated": as_datetime(math.floor(upload.initiated)),
        "StorageClass": upload.attrs.get("StorageClass", "STANDARD"),
        "Owner": owner(bucket.account),
        "Initiator": {"ID": upload.initiator},
    }
    if upload.checksum:
        entry["ChecksumAlgorithm"] = upload.checksum["algorithm"]
        entry["ChecksumType"] = upload.checksum["type"]
    return entry
