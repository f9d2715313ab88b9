"""The MD5 digests SQS returns so a client can check what it sent and received.

Message attributes are digested the way AWS documents it ("Calculating the MD5 message digest
for message attributes",
https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html):
the attributes sorted by name, each encoded as its name, its data type, one transport byte
(1 for String and Number, 2 for Binary) and its value, every variable part preceded by its
length as a 4-byte big-endian integer. Message system attributes (``AWSTraceHeader``) use the
same encoding.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Mapping
from typing import Any

_STRING = b"\x01"
_BINARY = b"\x02"


def md5_of_body(body: str) -> str:
    return hashlib.md5(body.encode("utf-8")).hexdigest()


def md5_of_attributes(attributes: Mapping[str, Mapping[str, Any]]) -> str:
    """The digest of message (or message system) attributes, values already validated."""
    buffer = bytearray()
    for name in sorted(attributes):
        value = attributes[name]
        buffer += _sized(name.encode("utf-8"))
        buffer += _sized(str(value["DataType"]).encode("utf-8"))
        if "BinaryValue" in value:
            buffer += _BINARY + _sized(bytes(value["BinaryValue"]))
        else:
            buffer += _STRING + _sized(str(value["StringValue"]).encode("utf-8"))
    return hashlib.md5(bytes(buffer)).hexdigest()


def _sized(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data
