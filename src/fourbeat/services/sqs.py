"""SQS: standard and FIFO queues."""

from __future__ import annotations

from fourbeat.services._base import Service


class SQS(Service):
    name = "sqs"
