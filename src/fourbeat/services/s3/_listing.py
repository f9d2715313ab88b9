"""Listing a bucket: ListObjectsV2, ListObjects (v1) and ListObjectVersions.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjects.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import sqlite3
from collections.abc import Callable
from typing import Any

from fourbeat.clock import as_datetime
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.s3._core import S3Core
from fourbeat.services.s3._errors import invalid_argument
from fourbeat.services.s3._names import bucket_arn, check_version_id, owner, url_encode
from fourbeat.services.s3._records import LISTED_COLUMNS, Bucket, find_version
from fourbeat.services.s3._scan import Page, Position, fetcher, start_after, walk

MAX_PAGE = 1000
_MAX_INT = 2**31 - 1
Encode = Callable[[str], str]


class ListingOperations(S3Core):
    def ListObjectsV2(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        prefix, delimiter, max_keys = _listing_params(params)
        self.authorize(request, "s3:ListBucket", bucket_arn(bucket.name), list_context(params))
        token = params.get("ContinuationToken")
        if token is not None:
            start = start_after(_decode_token(token), prefix, delimiter)
        else:
            start = Position(params.get("StartAfter", ""))
        page = self._walk_current(bucket, start, prefix, delimiter, max_keys)
        encode = _encoder(params)
        response = _page_response(page, bucket, encode, params.get("FetchOwner", False))
        response.update(_echo(params, encode, prefix, max_keys, ("StartAfter",)))
        response["KeyCount"] = len(page.entries)
        if token is not None:
            response["ContinuationToken"] = token
        if page.truncated:
            response["NextContinuationToken"] = _encode_token(_entry_key(page.last))
        return response

    def ListObjects(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        prefix, delimiter, max_keys = _listing_params(params)
        self.authorize(request, "s3:ListBucket", bucket_arn(bucket.name), list_context(params))
        marker = params.get("Marker", "")
        start = start_after(marker, prefix, delimiter) if marker else Position("")
        page = self._walk_current(bucket, start, prefix, delimiter, max_keys)
        encode = _encoder(params)
        response = _page_response(page, bucket, encode, fetch_owner=True)
        response.update(_echo(params, encode, prefix, max_keys, ()))
        response["Marker"] = encode(marker)
        # NextMarker only comes with a delimiter; without one, the last key is the marker.
        if page.truncated and delimiter:
            response["NextMarker"] = encode(_entry_key(page.last))
        return response

    def ListObjectVersions(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        prefix, delimiter, max_keys = _listing_params(params)
        self.authorize(
            request, "s3:ListBucketVersions", bucket_arn(bucket.name), list_context(params)
        )
        start = self._versions_start(bucket, params, prefix, delimiter)
        fetch = fetcher(
            self._db(),
            f"select {LISTED_COLUMNS}, id as seq from s3_objects where bucket = ?",
            [bucket.name],
            "desc",
        )
        page = walk(fetch, start, prefix, delimiter, min(max_keys, MAX_PAGE))
        encode = _encoder(params)
        response: Response = {"IsTruncated": page.truncated, "Name": bucket.name}
        versions, markers = _version_entries(page, bucket, encode)
        if versions:
            response["Versions"] = versions
        if markers:
            response["DeleteMarkers"] = markers
        prefixes = page.common_prefixes(encode)
        if prefixes:
            response["CommonPrefixes"] = prefixes
        response.update(_echo(params, encode, prefix, max_keys, ()))
        response["KeyMarker"] = encode(params.get("KeyMarker", ""))
        response["VersionIdMarker"] = params.get("VersionIdMarker", "")
        if page.truncated:
            last = page.last
            response["NextKeyMarker"] = encode(_entry_key(last))
            if isinstance(last, sqlite3.Row):
                response["NextVersionIdMarker"] = last["version_id"]
        return response

    def _walk_current(
        self, bucket: Bucket, start: Position, prefix: str, delimiter: str | None, max_keys: int
    ) -> Page:
        if max_keys == 0:
            return Page([], truncated=False)
        fetch = fetcher(
            self._db(),
            f"select {LISTED_COLUMNS}, id as seq from s3_objects where bucket = ? and latest = 1 "
            "and delete_marker = 0",
            [bucket.name],
            None,
        )
        return walk(fetch, start, prefix, delimiter, min(max_keys, MAX_PAGE))

    def _versions_start(
        self, bucket: Bucket, params: Params, prefix: str, delimiter: str | None
    ) -> Position:
        key_marker = params.get("KeyMarker", "")
        version_marker = params.get("VersionIdMarker")
        if version_marker is None:
            return start_after(key_marker, prefix, delimiter) if key_marker else Position("")
        if not key_marker:
            raise invalid_argument(
                "A version-id marker cannot be specified without a key marker.",
                "version-id-marker",
                version_marker,
            )
        check_version_id(version_marker)
        marked = find_version(self._db(), bucket.name, key_marker, version_marker)
        return Position(key_marker, seq=marked.id) if marked else Position(key_marker)


def _listing_params(params: Params) -> tuple[str, str | None, int]:
    max_keys = params.get("MaxKeys", MAX_PAGE)
    if not 0 <= max_keys <= _MAX_INT:
        raise invalid_argument(
            "Argument maxKeys must be an integer between 0 and 2147483647", "maxKeys", max_keys
        )
    return params.get("Prefix", ""), params.get("Delimiter") or None, max_keys


def list_context(params: Params) -> dict[str, object]:
    """The s3:ListBucket condition keys: https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html"""
    context: dict[str, object] = {}
    for param, key in (("Prefix", "s3:prefix"), ("Delimiter", "s3:delimiter")):
        if param in params:
            context[key] = params[param]
    if "MaxKeys" in params:
        context["s3:max-keys"] = params["MaxKeys"]
    return context


def _encoder(params: Params) -> Encode:
    return url_encode if params.get("EncodingType") == "url" else (lambda value: value)


def _echo(
    params: Params, encode: Encode, prefix: str, max_keys: int, names: tuple[str, ...]
) -> Response:
    """The request's own values, as a listing repeats them."""
    echoed: Response = {"Prefix": encode(prefix), "MaxKeys": max_keys}
    if "Delimiter" in params:
        echoed["Delimiter"] = encode(params["Delimiter"])
    if "EncodingType" in params:
        echoed["EncodingType"] = params["EncodingType"]
    for name in names:
        if name in params:
            echoed[name] = encode(params[name])
    return echoed


def _page_response(page: Page, bucket: Bucket, encode: Encode, fetch_owner: bool) -> Response:
    response: Response = {"IsTruncated": page.truncated, "Name": bucket.name}
    contents = [object_entry(row, bucket, encode, fetch_owner) for row in page.rows]
    if contents:
        response["Contents"] = contents
    prefixes = page.common_prefixes(encode)
    if prefixes:
        response["CommonPrefixes"] = prefixes
    return response


def object_entry(
    row: sqlite3.Row, bucket: Bucket, encode: Encode, with_owner: bool
) -> dict[str, Any]:
    attrs = json.loads(row["attrs"])
    entry: dict[str, Any] = {
        "Key": encode(row["key"]),
        "LastModified": as_datetime(math.floor(row["modified"])),
        "ETag": row["etag"],
        "Size": row["size"],
        "StorageClass": attrs.get("StorageClass", "STANDARD"),
    }
    if "Checksum" in attrs:
        entry["ChecksumAlgorithm"] = [attrs["Checksum"]["algorithm"]]
        entry["ChecksumType"] = attrs["Checksum"]["type"]
    if with_owner:
        entry["Owner"] = owner(bucket.account)
    return entry


def _version_entries(
    page: Page, bucket: Bucket, encode: Encode
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    versions: list[dict[str, Any]] = []
    markers: list[dict[str, Any]] = []
    for row in page.rows:
        common = {"VersionId": row["version_id"], "IsLatest": bool(row["latest"])}
        if row["delete_marker"]:
            markers.append(
                {
                    "Owner": owner(bucket.account),
                    "Key": encode(row["key"]),
                    "LastModified": as_datetime(math.floor(row["modified"])),
                    **common,
                }
            )
        else:
            versions.append({**object_entry(row, bucket, encode, True), **common})
    return versions, markers


def _entry_key(entry: sqlite3.Row | str | None) -> str:
    if entry is None:
        return ""
    return entry if isinstance(entry, str) else str(entry["key"])


def _encode_token(last: str) -> str:
    return base64.b64encode(json.dumps(["v2", last]).encode()).decode()


def _decode_token(token: str) -> str:
    """The last entry a continuation token carries (tokens are opaque to callers)."""
    try:
        kind, last = json.loads(base64.b64decode(token, validate=True))
    except (binascii.Error, ValueError, TypeError):
        kind, last = None, None
    if kind != "v2" or not isinstance(last, str):
        raise invalid_argument(
            "The continuation token provided is incorrect", "continuation-token", token
        )
    return last
