"""Names S3 gives and checks: bucket names, object keys, version ids, owners, ARNs, ETags.

Pure functions; nothing here touches the store.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
import string
from urllib.parse import quote_plus

from fourbeat.errors import AwsError
from fourbeat.iam import resource_arn
from fourbeat.services.s3._errors import invalid_version_id

# https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3")
MAX_KEY_BYTES = 1024
_VERSION_CHARS = string.ascii_letters + string.digits + "._"
_VERSION_ID = re.compile(r"^[A-Za-z0-9._]{32}$")
NULL_VERSION = "null"


def check_bucket_name(name: str) -> None:
    """Raise InvalidBucketName unless ``name`` may name a new general purpose bucket."""
    if not _valid_bucket_name(name):
        raise AwsError(
            "InvalidBucketName", "The specified bucket is not valid.", 400, BucketName=name
        )


def _valid_bucket_name(name: str) -> bool:
    if not _BUCKET.match(name) or ".." in name:
        return False
    if name.startswith(_RESERVED_PREFIXES) or name.endswith(_RESERVED_SUFFIXES):
        return False
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        return True
    return False


def check_key(key: str) -> None:
    size = len(key.encode("utf-8", "surrogatepass"))
    if size > MAX_KEY_BYTES:
        raise AwsError(
            "KeyTooLongError", "Your key is too long", 400, Size=size, MaxSizeAllowed=MAX_KEY_BYTES
        )


def bucket_arn(bucket: str) -> str:
    return resource_arn("s3", "bucket", BucketName=bucket)


def object_arn(bucket: str, key: str) -> str:
    return resource_arn("s3", "object", BucketName=bucket, ObjectName=key)


def canonical_id(account: str) -> str:
    """The account's canonical user id: 64 hex digits, stable for the account."""
    return hashlib.sha256(f"fourbeat canonical user {account}".encode()).hexdigest()


def owner(account: str) -> dict[str, str]:
    # S3 stopped returning Owner.DisplayName on 2025-11-21:
    # https://docs.aws.amazon.com/AmazonS3/latest/API/API_Owner.html
    return {"ID": canonical_id(account)}


def new_version_id() -> str:
    return "".join(secrets.choice(_VERSION_CHARS) for _ in range(32))


def check_version_id(version_id: str) -> None:
    if version_id != NULL_VERSION and not _VERSION_ID.match(version_id):
        raise invalid_version_id(version_id)


def new_upload_id() -> str:
    return secrets.token_urlsafe(48)


def quoted(etag_hex: str) -> str:
    return f'"{etag_hex}"'


def url_encode(value: str) -> str:
    """How S3 writes a name when the request asks for ``EncodingType=url``."""
    return quote_plus(value, safe="/")


def successor(prefix: str) -> str | None:
    """The least string greater than every string that starts with ``prefix`` (None: none)."""
    chars = prefix.rstrip("\U0010ffff")
    if not chars:
        return None
    last = ord(chars[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # skip the surrogates, which UTF-8 cannot carry
        last = 0xE000
    return chars[:-1] + chr(last)
