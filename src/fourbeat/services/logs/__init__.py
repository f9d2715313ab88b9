"""CloudWatch Logs: log groups and streams, events written with PutLogEvents' batch rules,
read back with GetLogEvents and searched with FilterLogEvents and its filter patterns.

One service class, ``Logs``, assembled from operation groups: groups and retention
(``_groups``), streams (``_streams``), writing (``_ingest``), reading (``_reads``) and tags
(``_tags``). Filter patterns are compiled once by ``_pattern`` (with ``_pattern_*``), which
knows nothing of the store. Rows live in the store (``_schema``); time comes only from the
cloud's clock, and retention is applied when events are read.

For other services (Lambda writes each invocation's output), ``Logs.append(group, stream,
events, region=None)`` writes ``(epoch seconds, message)`` pairs without going through boto3,
creating the group and the stream when they are missing::

    cloud.service("logs").append("/aws/lambda/fn", "2026/01/01/[$LATEST]abc", [(t, "START")])

Imports ``services._base``, ``services._validation``, ``store`` and ``errors``.
"""

from __future__ import annotations

from fourbeat.services.logs._groups import GroupOperations
from fourbeat.services.logs._ingest import IngestOperations
from fourbeat.services.logs._reads import ReadOperations
from fourbeat.services.logs._streams import StreamOperations
from fourbeat.services.logs._tags import TagOperations

__all__ = ["Logs"]


class Logs(GroupOperations, StreamOperations, IngestOperations, ReadOperations, TagOperations):
    name = "logs"
