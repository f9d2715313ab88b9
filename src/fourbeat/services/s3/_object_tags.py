"""Object tags: PutObjectTagging, GetObjectTagging, DeleteObjectTagging, on the current version
or on the one a version id names (then the ``…VersionTagging`` actions apply).

https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
"""

from __future__ import annotations

import json

from fourbeat.services._base import Params, Request, Response
from fourbeat.services.s3._core import S3Core
from fourbeat.services.s3._names import NULL_VERSION, object_arn
from fourbeat.services.s3._objects import read_context
from fourbeat.services.s3._records import Bucket, Version
from fourbeat.services.s3._tags import object_tags, tag_context


class ObjectTaggingOperations(S3Core):
    def PutObjectTagging(self, request: Request, params: Params) -> Response:
        tags = object_tags(params["Tagging"]["TagSet"])
        context = tag_context(tags, "s3:RequestObjectTag")
        context["s3:RequestObjectTagKeys"] = [tag["Key"] for tag in tags]
        bucket, version = self._tagged(request, params, "PutObject{}Tagging", context)
        self._set_tags(version, tags)
        return _version_header(bucket, version)

    def GetObjectTagging(self, request: Request, params: Params) -> Response:
        bucket, version = self._tagged(request, params, "GetObject{}Tagging", {})
        return {"TagSet": version.tags, **_version_header(bucket, version)}

    def DeleteObjectTagging(self, request: Request, params: Params) -> Response:
        bucket, version = self._tagged(request, params, "DeleteObject{}Tagging", {})
        self._set_tags(version, [])
        return _version_header(bucket, version)

    def _tagged(
        self, request: Request, params: Params, action: str, context: dict[str, object]
    ) -> tuple[Bucket, Version]:
        """The version whose tags a request reads or writes, after authorizing it."""
        bucket = self._bucket(params["Bucket"], params)
        key, version_id = params["Key"], params.get("VersionId")
        found = self._find(bucket, key, version_id)
        self.authorize(
            request,
            "s3:" + action.format("Version" if version_id else ""),
            object_arn(bucket.name, key),
            {**read_context(found, version_id), **context},
        )
        return bucket, self._require(request, bucket, key, version_id, found)

    def _set_tags(self, version: Version, tags: list[dict[str, str]]) -> None:
        with self._writing() as writes:
            writes.db.execute(
                "update s3_objects set tags = ? where id = ?", (json.dumps(tags), version.id)
            )


def _version_header(bucket: Bucket, version: Version) -> Response:
    if bucket.versioning is None and version.version_id == NULL_VERSION:
        return {}
    return {"VersionId": version.version_id}
