"""What a message may contain: body characters, message attributes and the size limit.

Rules from "Amazon SQS message attributes"
(https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html)
and SendMessage: at most 10 attributes; names of A-Z a-z 0-9 _ - . up to 256 characters, not
starting with ``AWS.`` or ``Amazon.``, without leading, trailing or doubled periods; types
String, Number or Binary with an optional ``.label``; Number values of at most 38 significant
digits between 10^-128 and 10^126. Name, type and value all count toward the message size.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services.sqs._errors import invalid_parameter, missing_parameter
from fourbeat.services.sqs._messages import Attributes

MAX_ATTRIBUTES = 10
_ALLOWED = "#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF"
_INVALID_CHARACTER = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,256}$")
_TYPE = re.compile(r"^(String|Number|Binary)(\..+)?$", re.DOTALL)


def check_body(body: str) -> None:
    if body == "":
        raise missing_parameter("MessageBody")
    _check_characters(body, "the message body")


def _check_characters(text: str, where: str) -> None:
    match = _INVALID_CHARACTER.search(text)
    if match is not None:
        raise AwsError(
            "InvalidMessageContents",
            f"Invalid binary character '#x{ord(match.group()):X}' was found in {where}, "
            f"the set of allowed characters is {_ALLOWED}",
        )


def message_attributes(raw: Mapping[str, Mapping[str, Any]] | None) -> Attributes:
    """The message (user) attributes, checked, with binary values as bytes."""
    attributes = dict(raw or {})
    if len(attributes) > MAX_ATTRIBUTES:
        raise invalid_parameter(
            f"Number of message attributes [{len(attributes)}] exceeds the allowed maximum "
            f"[{MAX_ATTRIBUTES}]."
        )
    return {name: _attribute(name, value) for name, value in attributes.items()}


def system_attributes(raw: Mapping[str, Mapping[str, Any]] | None) -> Attributes:
    """Message system attributes: only ``AWSTraceHeader``, a String, may be sent."""
    out: Attributes = {}
    for name, value in (raw or {}).items():
        if name != "AWSTraceHeader":
            raise invalid_parameter(
                f"Message system attribute name '{name}' is invalid. The only message system "
                "attribute that can be sent is AWSTraceHeader."
            )
        if value.get("DataType") != "String" or not value.get("StringValue"):
            raise invalid_parameter(
                "Message system attribute 'AWSTraceHeader' must be of type String and hold an "
                "X-Ray trace header."
            )
        out[name] = {"DataType": "String", "StringValue": value["StringValue"]}
    return out


def _attribute(name: str, value: Mapping[str, Any]) -> dict[str, Any]:
    _check_name(name)
    data_type = str(value.get("DataType", ""))
    if not _TYPE.match(data_type) or len(data_type) > 256:
        raise invalid_parameter(
            f"The type of message (user) attribute '{name}' is invalid. You must use only the "
            "following supported type prefixes: Binary, Number, String."
        )
    if value.get("StringListValues") or value.get("BinaryListValues"):
        raise invalid_parameter(
            f"Message (user) attribute '{name}': StringListValues and BinaryListValues are "
            "reserved by SQS for future use and cannot be sent."
        )
    if data_type.startswith("Binary"):
        return {"DataType": data_type, "BinaryValue": _binary(name, data_type, value)}
    text = value.get("StringValue")
    if not text:
        raise _empty(name, data_type)
    _check_characters(str(text), f"message attribute '{name}'")
    if data_type.startswith("Number"):
        _check_number(name, str(text))
    return {"DataType": data_type, "StringValue": str(text)}


def _check_name(name: str) -> None:
    lowered = name.lower()
    if (
        not _NAME.match(name)
        or lowered.startswith(("aws.", "amazon."))
        or name.startswith(".")
        or name.endswith(".")
        or ".." in name
    ):
        raise invalid_parameter(
            f"Message (user) attribute name '{name}' is invalid. A name may contain "
            "alphanumeric characters, hyphens, underscores and periods, up to 256 characters; "
            "it cannot start with AWS. or Amazon., start or end with a period, or contain "
            "consecutive periods."
        )


def _binary(name: str, data_type: str, value: Mapping[str, Any]) -> bytes:
    data = value.get("BinaryValue")
    if isinstance(data, str):
        data = data.encode("utf-8")
    elif data is not None and not isinstance(data, bytes | bytearray):
        data = data.read()
    if not data:
        raise _empty(name, data_type)
    return bytes(data)


def _empty(name: str, data_type: str) -> AwsError:
    return invalid_parameter(
        f"Message (user) attribute '{name}' must contain a non-empty message attribute value "
        f"for message attribute type '{data_type.split('.', 1)[0]}'."
    )


def _check_number(name: str, text: str) -> None:
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    digits = len(number.as_tuple().digits) if number.is_finite() else 0
    if (
        not number.is_finite()
        or digits > 38
        or (number != 0 and not Decimal("1e-128") <= abs(number) <= Decimal("1e126"))
    ):
        raise invalid_parameter(
            f"Can't cast the value of message (user) attribute '{name}' to a number."
        )


def size(body: str, attributes: Attributes) -> int:
    """Bytes that count toward MaximumMessageSize: body plus each attribute's name, type, value."""
    total = len(body.encode("utf-8"))
    for name, value in attributes.items():
        total += len(name.encode("utf-8")) + len(str(value["DataType"]).encode("utf-8"))
        if "BinaryValue" in value:
            total += len(value["BinaryValue"])
        else:
            total += len(str(value["StringValue"]).encode("utf-8"))
    return total
