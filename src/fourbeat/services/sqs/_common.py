"""What every group of SQS operations shares: the queue a request names and the store."""

from __future__ import annotations

from fourbeat.services._base import Request, Service
from fourbeat.services.sqs._queue import QueueRef, ref_from_url
from fourbeat.store import Database


class SqsOperations(Service):
    access_denied_code = "AccessDenied"
    """Base of the SQS operation groups; ``SQS`` combines them into one service class."""

    @property
    def db(self) -> Database:
        return self.store.db

    def queue_ref(self, request: Request, queue_url: str) -> QueueRef:
        return ref_from_url(queue_url, request)

    def authorize_queue(self, request: Request, action: str, queue_url: str) -> QueueRef:
        """Authorize ``sqs:<action>`` on the queue a QueueUrl names; return the reference."""
        ref = self.queue_ref(request, queue_url)
        self.authorize(request, f"sqs:{action}", ref.arn, resource_policy=self._policy(ref))
        return ref

    def _policy(self, ref: QueueRef) -> str | None:
        """The queue policy (its ``Policy`` attribute), which IAM weighs with the caller's."""
        row = (
            self.store.db.read()
            .execute(
                "select json_extract(attributes, '$.Policy') from sqs_queues "
                "where region = ? and account = ? and name = ?",
                (ref.region, ref.account, ref.name),
            )
            .fetchone()
        )
        return None if row is None or not row[0] else str(row[0])
