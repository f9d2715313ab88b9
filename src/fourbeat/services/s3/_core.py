"""What every S3 operation shares: the tables, bucket and version look-ups, write transactions
that release blobs only after they commit, and the status codes the model gives operations.

The operation mixins (``_buckets``, ``_objects``, …) all derive from ``S3Core``.
"""

from __future__ import annotations

import io
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from fourbeat.errors import AwsError, FourbeatError
from fourbeat.iam import AccessDeniedError, denial_message
from fourbeat.services._base import Environment, Params, Request, Service
from fourbeat.services.s3._errors import (
    access_denied,
    no_such_bucket,
    no_such_key,
    no_such_version,
    not_implemented,
    precondition_failed,
)
from fourbeat.services.s3._events import ObjectEvent, emit
from fourbeat.services.s3._names import NULL_VERSION, bucket_arn, check_version_id, new_version_id
from fourbeat.services.s3._records import (
    Bucket,
    NewVersion,
    Version,
    current_version,
    find_version,
    get_bucket,
    insert_version,
    unreferenced,
)
from fourbeat.services.s3._schema import SCHEMA

_S3_ARN = "arn:aws:s3:::"


@dataclass
class Writes:
    """An open write transaction and the blobs it stopped referencing."""

    db: sqlite3.Connection
    released: list[str] = field(default_factory=list)

    def release(self, blobs: Iterable[str | None]) -> None:
        self.released.extend(blob for blob in blobs if blob)


class Gone(Exception):
    """A version was replaced or deleted between reading its row and opening its blob."""


class S3Core(Service):
    name = "s3"
    access_denied_code = "AccessDenied"

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        self.store.migrate(SCHEMA)
        self._recent = threading.local()

    def authorize(
        self,
        request: Request,
        actions: str | Sequence[str],
        resources: str | Sequence[str],
        context: Mapping[str, object] | None = None,
        *,
        resource_policy: str | None = None,
        resource_must_allow: bool = False,
    ) -> None:
        """Authorize with the bucket's policy, which IAM weighs with the caller's policies."""
        first = resources if isinstance(resources, str) else resources[0]
        if resource_policy is None and first.startswith(_S3_ARN):
            resource_policy = self._bucket_policy(first[len(_S3_ARN) :].split("/", 1)[0])
        super().authorize(
            request,
            actions,
            resources,
            context,
            resource_policy=resource_policy,
            resource_must_allow=resource_must_allow,
        )

    def _bucket_policy(self, name: str) -> str | None:
        """The bucket's policy: from the row this request's ``_bucket`` read just before, or
        read now."""
        recent: Bucket | None = getattr(self._recent, "bucket", None)
        self._recent.bucket = None
        if recent is not None and recent.name == name:
            return recent.policy
        row = self._db().execute("select policy from s3_buckets where name = ?", (name,))
        found = row.fetchone()
        return None if found is None else found["policy"]

    def access_denied(self, denied: AccessDeniedError) -> AwsError:
        message = denial_message(denied.request, denied.decision, quote_resource=True)
        return AwsError("AccessDenied", message, 403)

    # -- reads -------------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        return self.store.db.read()

    def _bucket(self, name: str, params: Params | None = None) -> Bucket:
        """The bucket, or NoSuchBucket; AccessDenied when ExpectedBucketOwner does not own it."""
        bucket = get_bucket(self._db(), name)
        if bucket is None:
            raise no_such_bucket(name)
        expected = (params or {}).get("ExpectedBucketOwner")
        if expected is not None and expected != bucket.account:
            raise access_denied()
        self._recent.bucket = bucket  # its policy is what the request's authorization needs
        return bucket

    def _find(self, bucket: Bucket, key: str, version_id: str | None) -> Version | None:
        """The version a request names (the current one without a version id), if any."""
        if version_id is None:
            return current_version(self._db(), bucket.name, key)
        check_version_id(version_id)
        return find_version(self._db(), bucket.name, key, version_id)

    def _require(
        self,
        request: Request,
        bucket: Bucket,
        key: str,
        version_id: str | None,
        found: Version | None,
    ) -> Version:
        """``found`` if it is an object, else AWS's error for reading what is not there.

        A missing object is 404 only to a caller who may list the bucket, else 403:
        https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
        """
        if found is None:
            self._deny_unless_listable(request, bucket)
            raise no_such_key(key) if version_id is None else no_such_version(key, version_id)
        if not found.delete_marker:
            return found
        if version_id is None:
            # The current version is a delete marker: the key reads as missing.
            self._deny_unless_listable(request, bucket)
            raise no_such_key(key)
        raise AwsError(
            "MethodNotAllowed",
            "The specified method is not allowed against this resource.",
            405,
            Method="HEAD" if request.operation.startswith("Head") else "GET",
            ResourceType="DeleteMarker",
        )

    def _deny_unless_listable(self, request: Request, bucket: Bucket) -> None:
        try:
            self.authorize(request, "s3:ListBucket", bucket_arn(bucket.name))
        except AwsError as error:
            if error.code == "AccessDenied":
                raise access_denied() from error
            raise

    def _open(self, version: Version) -> BinaryIO:
        """The version's body, open for reading (raises Gone if its blob went meanwhile)."""
        if version.blob is None:
            return io.BytesIO(version.inline or b"")  # a small or empty body keeps no file
        try:
            return self.store.blobs.open(version.blob)
        except FourbeatError:
            if _still_there(self._db(), version):
                raise  # the row names a file that is not there: a damaged data directory
            raise Gone(version.key) from None

    # -- writes ------------------------------------------------------------------------------

    @contextmanager
    def _writing(self) -> Iterator[Writes]:
        """A write transaction; the blobs it released are deleted once it has committed and
        only if no row names them any more."""
        with self.store.db.transaction() as db:
            writes = Writes(db)
            yield writes
            doomed = unreferenced(db, writes.released)
        for blob in doomed:
            self.store.blobs.delete(blob)

    def _commit_version(
        self,
        request: Request,
        event: str,
        new: NewVersion | Callable[[Writes], NewVersion],
        params: Params,
        *,
        also: Callable[[Writes], None] | None = None,
    ) -> tuple[Bucket, NewVersion, str]:
        """Record an object as the current version of its key, in one transaction.

        ``new`` is the version, or builds it inside the transaction (a copy reads its source
        there, so the blob it shares cannot go before it commits). ``also`` runs in the same
        transaction, and so does queueing the ``event`` (``ObjectCreated:Put`` …) for the
        bucket's notification destinations. Returns the bucket as the transaction saw it, the
        version and its id. A freshly written blob is deleted again if anything fails (the
        bucket went, a conditional write failed).
        """
        bucket_name = params["Bucket"]
        try:
            with self._writing() as writes:
                bucket = get_bucket(writes.db, bucket_name)
                if bucket is None:
                    raise no_such_bucket(bucket_name)
                if also is not None:
                    also(writes)
                version = new if isinstance(new, NewVersion) else new(writes)
                if "IfMatch" in params or "IfNoneMatch" in params:
                    current = current_version(writes.db, bucket_name, version.key)
                    _check_write_conditions(current, params)
                version_id = new_version_id() if bucket.versioning == "Enabled" else NULL_VERSION
                now = self.clock.now()
                writes.release(insert_version(writes.db, bucket, version, version_id, now))
                shown_id = version_id if bucket.versioning is not None else None
                happened = ObjectEvent(event, version.key, version.size, version.etag, shown_id)
                emit(writes.db, self.store.queue, bucket, request, happened, now)
        except BaseException:
            if isinstance(new, NewVersion) and new.blob and unreferenced(self._db(), [new.blob]):
                self.store.blobs.delete(new.blob)
            raise
        return bucket, version, version_id


def _still_there(db: sqlite3.Connection, version: Version) -> bool:
    row = db.execute(
        "select 1 from s3_objects where id = ? and blob is ?", (version.id, version.blob)
    ).fetchone()
    return row is not None


def _check_write_conditions(current: Version | None, params: Params) -> None:
    """Conditional writes: If-None-Match ``*`` and If-Match on PUT and multipart completion.

    https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
    """
    exists = current is not None and not current.delete_marker
    if_none_match = params.get("IfNoneMatch")
    if if_none_match is not None:
        if if_none_match != "*":
            raise not_implemented("If-None-Match on writes other than '*'")
        if exists:
            raise precondition_failed("If-None-Match")
    if_match = params.get("IfMatch")
    if if_match is not None:
        if current is None or not exists:
            raise no_such_key(params["Key"])
        if if_match.strip('"') != current.etag.strip('"'):
            raise precondition_failed("If-Match")
