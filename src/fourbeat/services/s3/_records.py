"""Rows of the S3 tables as typed values, and the queries every operation shares.

The queries take an open connection so a caller can run them inside its own transaction;
nothing here commits.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from fourbeat.services.s3._names import NULL_VERSION


@dataclass(frozen=True)
class Bucket:
    name: str
    account: str
    region: str
    location: str | None
    """The LocationConstraint it was created with (None in us-east-1)."""
    created: float
    versioning: str | None
    """None while versioning was never enabled, else ``Enabled`` or ``Suspended``."""
    policy: str | None
    notification: dict[str, Any] | None
    tags: list[dict[str, str]] | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Bucket:
        return cls(
            name=row["name"],
            account=row["account"],
            region=row["region"],
            location=row["location"],
            created=row["created"],
            versioning=row["versioning"],
            policy=row["policy"],
            notification=_json(row["notification"]),
            tags=_json(row["tags"]),
        )


@dataclass(frozen=True)
class Version:
    """One version of an object, or a delete marker."""

    id: int
    bucket: str
    key: str
    version_id: str
    latest: bool
    delete_marker: bool
    blob: str | None
    size: int
    etag: str
    """Quoted, as S3 writes it."""
    modified: float
    attrs: dict[str, Any] = field(default_factory=dict)
    tags: list[dict[str, str]] = field(default_factory=list)
    inline: bytes | None = None
    """The body itself when it is small enough to live in the row (then ``blob`` is None)."""

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Version:
        return cls(
            id=row["id"],
            bucket=row["bucket"],
            key=row["key"],
            version_id=row["version_id"],
            latest=bool(row["latest"]),
            delete_marker=bool(row["delete_marker"]),
            blob=row["blob"],
            size=row["size"],
            etag=row["etag"] or "",
            modified=row["modified"],
            attrs=json.loads(row["attrs"]),
            tags=json.loads(row["tags"]),
            inline=row["inline"],
        )

    @property
    def storage_class(self) -> str:
        return str(self.attrs.get("StorageClass", "STANDARD"))


@dataclass(frozen=True)
class NewVersion:
    """What a write stores: the body (its blob, or its bytes inline) and everything kept
    beside it."""

    key: str
    blob: str | None
    size: int
    etag: str
    attrs: dict[str, Any]
    tags: list[dict[str, str]]
    delete_marker: bool = False
    inline: bytes | None = None


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


LISTED_COLUMNS = (
    "id, bucket, key, version_id, latest, delete_marker, blob, size, etag, modified, attrs, tags"
)
"""Every column of ``s3_objects`` but the inline body, which a listing has no use for."""


def get_bucket(db: sqlite3.Connection, name: str) -> Bucket | None:
    row = db.execute("select * from s3_buckets where name = ?", (name,)).fetchone()
    return None if row is None else Bucket.from_row(row)


def current_version(db: sqlite3.Connection, bucket: str, key: str) -> Version | None:
    row = db.execute(
        "select * from s3_objects where bucket = ? and key = ? and latest = 1", (bucket, key)
    ).fetchone()
    return None if row is None else Version.from_row(row)


def find_version(db: sqlite3.Connection, bucket: str, key: str, version_id: str) -> Version | None:
    row = db.execute(
        "select * from s3_objects where bucket = ? and key = ? and version_id = ?",
        (bucket, key, version_id),
    ).fetchone()
    return None if row is None else Version.from_row(row)


def insert_version(
    db: sqlite3.Connection, bucket: Bucket, new: NewVersion, version_id: str, now: float
) -> list[str]:
    """Make ``new`` the current version of its key; the blobs it displaced are returned.

    Unversioned and suspended buckets keep one ``null`` version, which a new ``null`` version
    replaces; in a versioning-enabled bucket every write adds a version.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/AddingObjectstoVersionSuspendedBuckets.html
    """
    released: list[str] = []
    if version_id == NULL_VERSION:
        replaced = db.execute(
            "delete from s3_objects where bucket = ? and key = ? and version_id = ? returning blob",
            (bucket.name, new.key, NULL_VERSION),
        ).fetchall()
        released.extend(row["blob"] for row in replaced if row["blob"])
    if bucket.versioning is not None:  # only a versioned bucket keeps other versions of a key
        db.execute(
            "update s3_objects set latest = 0 where bucket = ? and key = ? and latest = 1",
            (bucket.name, new.key),
        )
    db.execute(
        "insert into s3_objects (bucket, key, version_id, latest, delete_marker, blob, size, "
        "etag, modified, attrs, tags, inline) values (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            bucket.name,
            new.key,
            version_id,
            int(new.delete_marker),
            new.blob,
            new.size,
            new.etag,
            now,
            json.dumps(new.attrs),
            json.dumps(new.tags),
            new.inline,
        ),
    )
    return released


def remove_version(db: sqlite3.Connection, version: Version) -> list[str]:
    """Delete one version for good; the next newer-than-the-rest version becomes current."""
    db.execute("delete from s3_objects where id = ?", (version.id,))
    if version.latest:
        db.execute(
            "update s3_objects set latest = 1 where id = (select max(id) from s3_objects "
            "where bucket = ? and key = ?)",
            (version.bucket, version.key),
        )
    return [version.blob] if version.blob else []


def unreferenced(db: sqlite3.Connection, blobs: list[str]) -> list[str]:
    """Those of ``blobs`` that no object version or part names any more."""
    return [
        blob
        for blob in dict.fromkeys(blobs)
        if db.execute(
            "select 1 from s3_objects where blob = ? union all "
            "select 1 from s3_parts where blob = ? limit 1",
            (blob, blob),
        ).fetchone()
        is None
    ]


@dataclass(frozen=True)
class Upload:
    """A multipart upload in progress."""

    seq: int
    upload_id: str
    bucket: str
    key: str
    initiated: float
    initiator: str
    """The ARN of the principal that started it."""
    attrs: dict[str, Any]
    tags: list[dict[str, str]]

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Upload:
        return cls(
            seq=row["seq"],
            upload_id=row["upload_id"],
            bucket=row["bucket"],
            key=row["key"],
            initiated=row["initiated"],
            initiator=row["initiator"],
            attrs=json.loads(row["attrs"]),
            tags=json.loads(row["tags"]),
        )

    @property
    def checksum(self) -> dict[str, str] | None:
        """``{"algorithm", "type"}`` when the upload was created with an additional checksum."""
        value: dict[str, str] | None = self.attrs.get("Checksum")
        return value


def find_upload(db: sqlite3.Connection, bucket: str, key: str, upload_id: str) -> Upload | None:
    row = db.execute(
        "select * from s3_uploads where upload_id = ? and bucket = ? and key = ?",
        (upload_id, bucket, key),
    ).fetchone()
    return None if row is None else Upload.from_row(row)


def drop_upload(db: sqlite3.Connection, upload_id: str) -> list[str | None]:
    """Remove an upload and its parts; their blobs are returned for release."""
    blobs = [
        row["blob"]
        for row in db.execute("select blob from s3_parts where upload_id = ?", (upload_id,))
    ]
    db.execute("delete from s3_uploads where upload_id = ?", (upload_id,))
    return blobs
