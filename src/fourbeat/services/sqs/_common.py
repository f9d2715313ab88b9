"""What every group of SQS operations shares: the queue a request names and the store."""

from __future__ import annotations

from fourbeat.services._base import Request, Service
from fourbeat.services.sqs._queue import QueueRef, ref_from_url
from fourbeat.store import Database


class SqsOperations(Service):
    """Base of the SQS operation groups; ``SQS`` combines them into one service class."""

    @property
    def db(self) -> Database:
        return self.store.db

    def queue_ref(self, request: Request, queue_url: str) -> QueueRef:
        return ref_from_url(queue_url, request)

    def authorize_queue(self, request: Request, action: str, queue_url: str) -> QueueRef:
        """Authorize ``sqs:<action>`` on the queue a QueueUrl names; return the reference."""
        ref = self.queue_ref(request, queue_url)
        self.authorize(request, f"sqs:{action}", ref.arn)
        return ref
