"""Objects: put, get, head, delete (one or many).

https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
"""

from __future__ import annotations

from typing import Any

from botocore.response import StreamingBody

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.s3._checksums import requested
from fourbeat.services.s3._core import Gone, S3Core
from fourbeat.services.s3._deletes import DeleteResult, delete_one
from fourbeat.services.s3._errors import internal_error, invalid_request, malformed_xml
from fourbeat.services.s3._names import check_key, object_arn, quoted
from fourbeat.services.s3._reads import (
    RangeReader,
    byte_range,
    check_conditions,
    object_headers,
    part_range,
    refuse_archived,
)
from fourbeat.services.s3._records import Bucket, NewVersion, Version
from fourbeat.services.s3._schema import INLINE_LIMIT
from fourbeat.services.s3._tags import parse_tagging_header, tag_context
from fourbeat.services.s3._writes import ingest, object_attrs, refuse_unsupported

MAX_DELETE_KEYS = 1000
_READ_ATTEMPTS = 3


class ObjectOperations(S3Core):
    def PutObject(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key = params["Key"]
        check_key(key)
        refuse_unsupported(params)
        attrs = object_attrs(params)
        tags = parse_tagging_header(params.get("Tagging"))
        checksum = requested(params)
        actions = ["s3:PutObject"] + (["s3:PutObjectTagging"] if tags else [])
        self.authorize(request, actions, object_arn(bucket.name, key), write_context(params, tags))
        body = ingest(self.store.blobs, params, checksum, inline_limit=INLINE_LIMIT)
        if body.checksum:
            attrs["Checksum"] = body.checksum
        etag = quoted(body.md5)
        new = NewVersion(key, body.blob, body.size, etag, attrs, tags, inline=body.inline)
        bucket, _, version_id = self._commit_version(request, "ObjectCreated:Put", new, params)
        response: Response = {"ETag": new.etag, "ServerSideEncryption": "AES256"}
        if bucket.versioning is not None:
            response["VersionId"] = version_id
        if body.checksum:
            response[f"Checksum{body.checksum['algorithm']}"] = body.checksum["value"]
            response["ChecksumType"] = body.checksum["type"]
        return response

    def GetObject(self, request: Request, params: Params) -> Response:
        for _ in range(_READ_ATTEMPTS):
            try:
                return self._read(request, params, with_body=True)
            except Gone:
                continue  # replaced while we looked: read what is there now
        raise internal_error()

    def HeadObject(self, request: Request, params: Params) -> Response:
        return self._read(request, params, with_body=False)

    def DeleteObject(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key, version_id = params["Key"], params.get("VersionId")
        if "IfMatchLastModifiedTime" in params or "IfMatchSize" in params:
            raise invalid_request(
                "IfMatchLastModifiedTime and IfMatchSize are only supported for directory buckets"
            )
        action = "s3:DeleteObjectVersion" if version_id else "s3:DeleteObject"
        context = {"s3:versionid": version_id} if version_id else {}
        self.authorize(request, action, object_arn(bucket.name, key), context)
        result = delete_one(self, request, bucket.name, key, version_id, params.get("IfMatch"))
        response: Response = {}
        if result.delete_marker:
            response["DeleteMarker"] = True
        if result.version_id is not None:
            response["VersionId"] = result.version_id
        return response

    def DeleteObjects(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        objects = params["Delete"]["Objects"]
        if not objects or len(objects) > MAX_DELETE_KEYS:
            raise malformed_xml()
        deleted: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for item in objects:
            try:
                deleted.append(self._delete_listed(request, bucket, item))
            except AwsError as error:
                failed = {"Key": item["Key"], "Code": error.code, "Message": error.message}
                if "VersionId" in item:
                    failed["VersionId"] = item["VersionId"]
                errors.append(failed)
        response: Response = {}
        if deleted and not params["Delete"].get("Quiet"):
            response["Deleted"] = deleted
        if errors:
            response["Errors"] = errors
        return response

    def _delete_listed(
        self, request: Request, bucket: Bucket, item: dict[str, Any]
    ) -> dict[str, Any]:
        """One key of a DeleteObjects request, authorized on its own as AWS does."""
        key, version_id = item["Key"], item.get("VersionId")
        action = "s3:DeleteObjectVersion" if version_id else "s3:DeleteObject"
        self.authorize(request, action, object_arn(bucket.name, key))
        result = delete_one(self, request, bucket.name, key, version_id, item.get("ETag"))
        return _deleted_entry(key, version_id, result)

    def _read(self, request: Request, params: Params, *, with_body: bool) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        key, version_id = params["Key"], params.get("VersionId")
        found = self._find(bucket, key, version_id)
        self.authorize(
            request,
            "s3:GetObjectVersion" if version_id else "s3:GetObject",
            object_arn(bucket.name, key),
            read_context(found, version_id),
        )
        version = self._require(request, bucket, key, version_id, found)
        if with_body:
            refuse_archived(version)  # HEAD still answers an archived object's headers
        check_conditions(version, params)
        response = object_headers(bucket, version, params)
        span = _span(version, params)
        if span is not None:
            first, last = span
            response["ContentLength"] = last - first + 1
            response["ContentRange"] = f"bytes {first}-{last}/{version.size}"
            response["ResponseMetadata"] = {"HTTPStatusCode": 206}
            for name in [name for name in response if name.startswith("Checksum")]:
                del response[name]  # a part of an object has no whole-object checksum
        if "PartNumber" in params:
            response["PartsCount"] = len(version.attrs.get("Parts") or [version.size])
        if with_body:
            response["Body"] = self._body(version, span)
        return response

    def _body(self, version: Version, span: tuple[int, int] | None) -> StreamingBody:
        file = self._open(version)
        if span is None:
            return StreamingBody(file, version.size)
        first, last = span
        length = last - first + 1
        return StreamingBody(RangeReader(file, first, length), length)


def _span(version: Version, params: Params) -> tuple[int, int] | None:
    """The bytes a read answers: a part, a range, or None for the whole object."""
    if "PartNumber" in params:
        if "Range" in params:
            raise invalid_request("Cannot specify both Range header and partNumber query parameter")
        return part_range(version, params["PartNumber"])
    return byte_range(params.get("Range"), version.size)


def read_context(found: Version | None, version_id: str | None) -> dict[str, object]:
    context: dict[str, object] = {}
    if found is not None and not found.delete_marker:
        context.update(tag_context(found.tags, "s3:ExistingObjectTag"))
    if version_id is not None:
        context["s3:versionid"] = version_id
    return context


def write_context(params: Params, tags: list[dict[str, str]]) -> dict[str, object]:
    """The condition keys a write carries (the PutObject keys in AWS's service reference)."""
    context: dict[str, object] = {}
    for param, key in (
        ("ACL", "s3:x-amz-acl"),
        ("ServerSideEncryption", "s3:x-amz-server-side-encryption"),
        ("StorageClass", "s3:x-amz-storage-class"),
        ("WebsiteRedirectLocation", "s3:x-amz-website-redirect-location"),
        ("MetadataDirective", "s3:x-amz-metadata-directive"),
        ("CopySource", "s3:x-amz-copy-source"),
        ("IfMatch", "s3:if-match"),
        ("IfNoneMatch", "s3:if-none-match"),
    ):
        if param in params:
            context[key] = params[param]
    if tags:
        context.update(tag_context(tags, "s3:RequestObjectTag"))
        context["s3:RequestObjectTagKeys"] = [tag["Key"] for tag in tags]
    return context


def _deleted_entry(key: str, version_id: str | None, result: DeleteResult) -> dict[str, Any]:
    entry: dict[str, Any] = {"Key": key}
    if version_id is not None:
        entry["VersionId"] = version_id
        if result.delete_marker:
            entry["DeleteMarker"] = True
            entry["DeleteMarkerVersionId"] = version_id
    elif result.delete_marker:
        entry["DeleteMarker"] = True
        entry["DeleteMarkerVersionId"] = result.version_id
    return entry
