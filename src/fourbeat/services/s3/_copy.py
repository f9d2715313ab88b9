"""CopyObject, and reading the copy source that UploadPartCopy shares.

A copy shares its source's blob: no bytes are copied, the new version simply names the same
file (a blob goes only when no row names it).
https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

from fourbeat.clock import as_datetime
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.s3._core import S3Core, Writes
from fourbeat.services.s3._errors import (
    access_denied,
    invalid_argument,
    invalid_request,
    not_implemented,
)
from fourbeat.services.s3._names import check_key, object_arn, quoted
from fourbeat.services.s3._objects import read_context, write_context
from fourbeat.services.s3._reads import check_conditions, refuse_archived
from fourbeat.services.s3._records import Bucket, NewVersion, Version
from fourbeat.services.s3._tags import parse_tagging_header
from fourbeat.services.s3._writes import object_attrs, refuse_unsupported

_CHANGES = ("StorageClass", "WebsiteRedirectLocation", "ServerSideEncryption")


@dataclass(frozen=True)
class CopySource:
    bucket: str
    key: str
    version_id: str | None


def parse_copy_source(value: str) -> CopySource:
    """``bucket/key`` (URL-encoded, as botocore sends it), maybe ``?versionId=…``."""
    path, _, query = value.partition("?")
    version_id = parse_qs(query).get("versionId", [None])[0] if query else None
    if path.startswith("arn:"):
        raise not_implemented("copying from access points (an ARN as CopySource)")
    bucket, _, key = unquote(path).lstrip("/").partition("/")
    if not bucket or not key:
        raise invalid_argument(
            "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
            "x-amz-copy-source",
            value,
        )
    return CopySource(bucket, key, version_id)


class CopyOperations(S3Core):
    def CopyObject(self, request: Request, params: Params) -> Response:
        target = self._bucket(params["Bucket"], params)
        key = params["Key"]
        check_key(key)
        refuse_unsupported(params)
        if any(name.startswith("CopySourceSSECustomer") for name in params):
            raise not_implemented("server-side encryption with customer keys (SSE-C)")
        replace_tags = params.get("TaggingDirective", "COPY") == "REPLACE"
        tags = parse_tagging_header(params.get("Tagging")) if replace_tags else []
        sources: list[tuple[Bucket, Version]] = []

        def copied(writes: Writes) -> NewVersion:
            # Runs in the write transaction (the thread's one connection reads in it too), so
            # the source's blob cannot go before the copy that shares it has committed.
            source_bucket, source = self._copy_source(request, params)
            sources.append((source_bucket, source))
            actions = ["s3:PutObject"] + (["s3:PutObjectTagging"] if tags else [])
            self.authorize(
                request, actions, object_arn(target.name, key), write_context(params, tags)
            )
            check_conditions(source, params, prefix="CopySource")
            _refuse_copy_onto_itself(source, target.name, key, params)
            return NewVersion(
                key,
                source.blob,
                source.size,
                _single_part_etag(source),
                _copied_attrs(source, params),
                tags if replace_tags else source.tags,
                inline=source.inline,
            )

        bucket, new, version_id = self._commit_version(
            request, "ObjectCreated:Copy", copied, params
        )
        source_bucket, source = sources[-1]
        result = {"ETag": new.etag, "LastModified": as_datetime(math.floor(self.clock.now()))}
        response: Response = {"CopyObjectResult": result, "ServerSideEncryption": "AES256"}
        if bucket.versioning is not None:
            response["VersionId"] = version_id
        if source_bucket.versioning is not None:
            response["CopySourceVersionId"] = source.version_id
        return response

    def _copy_source(self, request: Request, params: Params) -> tuple[Bucket, Version]:
        """The source bucket and version, authorized for reading and checked."""
        copy_source = parse_copy_source(params["CopySource"])
        source_bucket = self._bucket(copy_source.bucket)
        expected_owner = params.get("ExpectedSourceBucketOwner")
        if expected_owner is not None and expected_owner != source_bucket.account:
            raise access_denied()
        version_id = copy_source.version_id
        found = self._find(source_bucket, copy_source.key, version_id)
        self.authorize(
            request,
            "s3:GetObjectVersion" if version_id else "s3:GetObject",
            object_arn(source_bucket.name, copy_source.key),
            read_context(found, version_id),
        )
        if found is not None and found.delete_marker and version_id is not None:
            raise invalid_request(
                "The source of a copy request may not specifically refer to a delete marker by "
                "version id."
            )
        source = self._require(request, source_bucket, copy_source.key, version_id, found)
        refuse_archived(source)
        return source_bucket, source


def _single_part_etag(source: Version) -> str:
    """A copy is one part: a multipart source's ETag (``…-N``) becomes the MD5 of its bytes,
    kept from when its parts were joined."""
    if "-" not in source.etag:
        return source.etag
    return quoted(source.attrs["BodyMD5"])


def _refuse_copy_onto_itself(source: Version, bucket: str, key: str, params: Params) -> None:
    same = source.bucket == bucket and source.key == key and source.latest
    changes = params.get("MetadataDirective") == "REPLACE" or any(n in params for n in _CHANGES)
    if same and not changes:
        raise invalid_request(
            "This copy request is illegal because it is trying to copy an object to itself "
            "without changing the object's metadata, storage class, website redirect location "
            "or encryption attributes."
        )


def _copied_attrs(source: Version, params: Params) -> dict[str, object]:
    """COPY keeps the source's headers and metadata; REPLACE takes the request's. The storage
    class is the request's either way (STANDARD unless given)."""
    if params.get("MetadataDirective", "COPY") == "REPLACE":
        attrs = object_attrs(params)
    else:
        attrs = {
            k: v for k, v in source.attrs.items() if k not in ("StorageClass", "Parts", "BodyMD5")
        }
        storage = object_attrs({"StorageClass": params.get("StorageClass", "STANDARD")})
        if "StorageClass" in storage:
            attrs["StorageClass"] = storage["StorageClass"]
    if "Checksum" in source.attrs and source.attrs["Checksum"]["type"] == "FULL_OBJECT":
        attrs["Checksum"] = source.attrs["Checksum"]
    return attrs
