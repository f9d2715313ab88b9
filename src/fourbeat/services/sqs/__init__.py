"""SQS: standard and FIFO queues, long polling, dead-letter queues and redrive.

One service class, ``SQS``, assembled from operation groups, one module each: queues and their
attributes (``_queues``), tags (``_tags``), permissions (``_permissions``), sending
(``_send``), receiving (``_receive``), deleting and visibility (``_receipts``), and dead-letter
redrive (``_moves``). State lives in the store's SQLite tables (``_schema``); every time-driven
behaviour (delays, visibility timeouts, retention, move-task rates) is read from the clock when
a queue is next looked at, so nothing runs in the background.

Imports only ``services._base``, ``store``, ``iam`` and ``errors``.
"""

from __future__ import annotations

from fourbeat.services._base import Environment
from fourbeat.services.sqs._moves import RedriveOperations
from fourbeat.services.sqs._permissions import PermissionOperations
from fourbeat.services.sqs._queues import QueueOperations
from fourbeat.services.sqs._receipts import ReceiptOperations
from fourbeat.services.sqs._receive import ReceiveOperations
from fourbeat.services.sqs._schema import SCHEMA
from fourbeat.services.sqs._send import SendOperations
from fourbeat.services.sqs._tags import TagOperations

__all__ = ["SQS"]


class SQS(
    QueueOperations,
    TagOperations,
    PermissionOperations,
    SendOperations,
    ReceiveOperations,
    ReceiptOperations,
    RedriveOperations,
):
    name = "sqs"

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        env.store.migrate(SCHEMA)
