"""Deleting one key or one version, by the bucket's versioning state.

- Unversioned: the object goes; deleting a missing key succeeds all the same.
- Versioning enabled, no version id: a delete marker becomes the current version.
- Versioning suspended, no version id: the ``null`` version goes and a ``null`` delete marker
  takes its place.
- With a version id: that version goes for good; if it was current, the next newest becomes
  current.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fourbeat.services._base import Request
from fourbeat.services.s3._errors import no_such_bucket, no_such_key, precondition_failed
from fourbeat.services.s3._events import ObjectEvent, emit
from fourbeat.services.s3._names import NULL_VERSION, check_version_id, new_version_id
from fourbeat.services.s3._records import (
    Bucket,
    NewVersion,
    current_version,
    find_version,
    get_bucket,
    insert_version,
    remove_version,
)

if TYPE_CHECKING:
    from fourbeat.services.s3._core import S3Core, Writes


@dataclass(frozen=True)
class DeleteResult:
    delete_marker: bool
    """A marker was created, or the version deleted was one."""
    version_id: str | None
    """The version deleted, or the marker created (None in an unversioned bucket)."""


def delete_one(
    core: S3Core,
    request: Request,
    bucket_name: str,
    key: str,
    version_id: str | None,
    if_match: str | None,
) -> DeleteResult:
    """Delete, and queue ``ObjectRemoved:Delete`` (or ``:DeleteMarkerCreated``) for the
    bucket's notification destinations in the same transaction."""
    if version_id is not None:
        check_version_id(version_id)
    with core._writing() as writes:
        bucket = get_bucket(writes.db, bucket_name)
        if bucket is None:
            raise no_such_bucket(bucket_name)
        if if_match is not None:
            _check_etag(writes, bucket_name, key, if_match)
        result = _delete(core, writes, bucket, key, version_id)
        marker = result.delete_marker and version_id is None
        event = ObjectEvent(
            "ObjectRemoved:DeleteMarkerCreated" if marker else "ObjectRemoved:Delete",
            key,
            version_id=result.version_id,
        )
        emit(writes.db, core.store.queue, bucket, request, event, core.clock.now())
        return result


def _delete(
    core: S3Core, writes: Writes, bucket: Bucket, key: str, version_id: str | None
) -> DeleteResult:
    if version_id is not None:
        return _delete_version(writes, bucket.name, key, version_id)
    if bucket.versioning is None:
        current = current_version(writes.db, bucket.name, key)
        if current is not None:
            writes.release(remove_version(writes.db, current))
        return DeleteResult(False, None)
    marker_id = new_version_id() if bucket.versioning == "Enabled" else NULL_VERSION
    marker = NewVersion(key, None, 0, "", {}, [], delete_marker=True)
    writes.release(insert_version(writes.db, bucket, marker, marker_id, core.clock.now()))
    return DeleteResult(True, marker_id)


def _delete_version(writes: Writes, bucket: str, key: str, version_id: str) -> DeleteResult:
    version = find_version(writes.db, bucket, key, version_id)
    if version is None:
        # Deleting a version that is not there succeeds, as deleting a missing key does.
        return DeleteResult(False, version_id)
    writes.release(remove_version(writes.db, version))
    return DeleteResult(version.delete_marker, version_id)


def _check_etag(writes: Writes, bucket: str, key: str, if_match: str) -> None:
    """Conditional delete: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-deletes.html"""
    current = current_version(writes.db, bucket, key)
    if current is None or current.delete_marker:
        raise no_such_key(key)
    if if_match != "*" and if_match.strip('"') != current.etag.strip('"'):
        raise precondition_failed("If-Match")
