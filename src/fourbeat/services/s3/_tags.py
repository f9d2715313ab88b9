"""Tag sets of objects and buckets: the ``x-amz-tagging`` header and the tag documents, checked
as S3 checks them.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-tagging.html: up to 10 tags an
object, keys of 1 to 128 and values of up to 256 Unicode characters (counted in UTF-16), unique
keys, letters, digits, white space and ``_ . : / = + @ -`` only, no ``aws:`` prefix. A bucket
holds up to 50 tags (https://docs.aws.amazon.com/AmazonS3/latest/userguide/CostAllocTagging.html).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qsl

from fourbeat.errors import AwsError
from fourbeat.services.s3._errors import invalid_argument

MAX_OBJECT_TAGS = 10
MAX_BUCKET_TAGS = 50
_SYMBOLS = set("_.:/=+-@")
_HEADER = "x-amz-tagging"


def parse_tagging_header(header: str | None) -> list[dict[str, str]]:
    """The tag set an ``x-amz-tagging`` header (``k1=v1&k2=v2``) carries, checked."""
    if not header:
        return []
    pairs = parse_qsl(header, keep_blank_values=True)
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys) or any("=" in value for _, value in pairs):
        raise invalid_argument(
            "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query "
            "parameters without tag name duplicates.",
            _HEADER,
            header,
        )
    return object_tags({"Key": key, "Value": value} for key, value in pairs)


def object_tags(tags: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """An object's tag set, checked; S3 gives it back in key order."""
    checked = _checked(list(tags), system_message="Your TagKey cannot be prefixed with aws:")
    if len(checked) > MAX_OBJECT_TAGS:
        raise AwsError("BadRequest", "Object tags cannot be greater than 10", 400)
    return sorted(checked, key=lambda tag: tag["Key"])


def bucket_tags(tags: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    checked = _checked(
        list(tags), system_message="System tags cannot be added/updated by requester"
    )
    if len(checked) > MAX_BUCKET_TAGS:
        raise _invalid_tag("Bucket tag count cannot be greater than 50")
    return checked


def tag_context(tags: list[dict[str, str]], prefix: str) -> dict[str, object]:
    """The condition keys a tag set gives a request (``s3:RequestObjectTag/<key>`` …)."""
    context: dict[str, object] = {f"{prefix}/{tag['Key']}": tag["Value"] for tag in tags}
    return context


def _checked(tags: list[dict[str, str]], system_message: str) -> list[dict[str, str]]:
    seen: set[str] = set()
    result = []
    for tag in tags:
        key, value = tag["Key"], tag.get("Value", "")
        _check_text(key, "TagKey", 1, 128)
        _check_text(value, "TagValue", 0, 256)
        if key.lower().startswith("aws:"):
            raise _invalid_tag(system_message)
        if key in seen:
            raise _invalid_tag("Cannot provide multiple Tags with the same key")
        seen.add(key)
        result.append({"Key": key, "Value": value})
    return result


def _check_text(text: str, what: str, least: int, most: int) -> None:
    length = len(text.encode("utf-16-le", "surrogatepass")) // 2
    if length > most:
        raise _invalid_tag(f"The {what} you have provided is too long, max {most}")
    if length < least or not all(_allowed(char) for char in text):
        raise _invalid_tag(f"The {what} you have provided is invalid")


def _allowed(char: str) -> bool:
    return char in _SYMBOLS or unicodedata.category(char)[0] in "LZN"


def _invalid_tag(message: str) -> AwsError:
    return AwsError("InvalidTag", message, 400)
