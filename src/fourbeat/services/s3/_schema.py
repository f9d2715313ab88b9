"""The S3 tables: buckets, object versions, multipart uploads and their parts.

Object bodies live in the blob store; a row names its blob. A body of at most
``INLINE_LIMIT`` bytes is kept in the row itself (``inline``, the last column, so a listing
that does not select it never reads it): a small put is then one transaction and no file,
which is where small-object writes spent most of their time. Several rows may share one blob (a
copy shares its source's bytes), so a blob is deleted only once no row names it any more, and
only after the transaction that removed the last reference has committed.

Every object is a row of ``s3_objects``, one row per version: an unversioned bucket holds the
single ``null`` version of each key. ``latest`` marks the current version of a key (what a GET
without a version id answers), ``delete_marker`` the markers a versioned DELETE leaves; the
``id`` orders the versions of a key (newest has the highest id). Headers and metadata stored
with an object are one JSON document (``attrs``), as they are only ever read whole.
``s3_sequencer`` counts event notifications, for their ``sequencer``.
"""

from __future__ import annotations

from fourbeat.store import Schema

INLINE_LIMIT = 64 * 1024
"""SQLite reads and writes blobs of up to about 100 KB faster than separate files do:
https://www.sqlite.org/intern-v-extern-blob.html"""

SCHEMA = Schema(
    "s3",
    [
        """
        create table s3_buckets (
            name text primary key,
            account text not null,
            region text not null,
            location text,
            created real not null,
            versioning text,
            policy text,
            notification text,
            tags text
        );
        create table s3_objects (
            id integer primary key,
            bucket text not null references s3_buckets (name),
            key text not null,
            version_id text not null,
            latest integer not null,
            delete_marker integer not null default 0,
            blob text,
            size integer not null default 0,
            etag text,
            modified real not null,
            attrs text not null default '{}',
            tags text not null default '[]',
            unique (bucket, key, version_id)
        );
        create index s3_objects_current on s3_objects (bucket, key) where latest = 1;
        create index s3_objects_blob on s3_objects (blob);
        create table s3_uploads (
            seq integer primary key,
            upload_id text not null unique,
            bucket text not null references s3_buckets (name),
            key text not null,
            initiated real not null,
            initiator text not null,
            attrs text not null default '{}',
            tags text not null default '[]'
        );
        create index s3_uploads_key on s3_uploads (bucket, key, seq);
        create table s3_parts (
            upload_id text not null references s3_uploads (upload_id) on delete cascade,
            part_number integer not null,
            blob text,
            size integer not null,
            etag text not null,
            modified real not null,
            checksum text,
            primary key (upload_id, part_number)
        );
        create index s3_parts_blob on s3_parts (blob)
        """,
        """
        alter table s3_objects add column inline blob;
        drop index s3_objects_blob;
        create index s3_objects_blob on s3_objects (blob) where blob is not null;
        create table s3_sequencer (value integer not null);
        insert into s3_sequencer values (0)
        """,
    ],
)
