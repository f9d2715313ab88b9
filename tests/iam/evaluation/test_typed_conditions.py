"""Numeric, Date, Bool, BinaryEquals, IpAddress, Arn and Null condition operators.

Dates are W3C ISO 8601 or epoch seconds; IP ranges are CIDR (a bare address is a /32); Arn
operators check each of the six ARN segments separately (ArnEquals and ArnLike behave alike);
Null tests whether a key is absent:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _eval_helpers import condition_holds

from fourbeat.iam._requests import ContextValue

TypedCase = tuple[str, str, Any, ContextValue | None, bool]

NUMERIC: list[TypedCase] = [
    ("NumericEquals", "s3:max-keys", "10", 10, True),
    ("NumericEquals", "s3:max-keys", "10", "10", True),
    ("NumericEquals", "s3:max-keys", "10", "10.0", True),
    ("NumericEquals", "s3:max-keys", 10, 10, True),
    ("NumericEquals", "s3:max-keys", "10", 11, False),
    ("NumericEquals", "s3:max-keys", "10", None, False),
    ("NumericEquals", "s3:max-keys", "10", "ten", False),
    ("NumericEquals", "s3:max-keys", "1.5", 1.5, True),
    ("NumericEquals", "s3:max-keys", ["5", "10"], 5, True),
    ("NumericNotEquals", "s3:max-keys", "10", 11, True),
    ("NumericNotEquals", "s3:max-keys", "10", 10, False),
    ("NumericNotEquals", "s3:max-keys", "10", None, True),
    ("NumericNotEquals", "s3:max-keys", ["5", "10"], 5, False),
    ("NumericLessThan", "s3:max-keys", "10", 9, True),
    ("NumericLessThan", "s3:max-keys", "10", 10, False),
    ("NumericLessThan", "s3:max-keys", "10", -1, True),
    ("NumericLessThanEquals", "s3:max-keys", "10", 10, True),
    ("NumericLessThanEquals", "s3:max-keys", "10", 11, False),
    ("NumericGreaterThan", "s3:max-keys", "10", 11, True),
    ("NumericGreaterThan", "s3:max-keys", "10", 10, False),
    ("NumericGreaterThanEquals", "s3:max-keys", "10", 10, True),
    ("NumericGreaterThanEquals", "s3:max-keys", "10", 9.99, False),
    ("NumericLessThanIfExists", "s3:max-keys", "10", None, True),
    ("NumericLessThanIfExists", "s3:max-keys", "10", 20, False),
    ("NumericEquals", "s3:max-keys", "10", True, False),
]

DATES: list[TypedCase] = [
    ("DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:01Z", "2024-05-01T12:00:00Z", True),
    ("DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:01Z", "2019-12-31T23:59:59Z", False),
    ("DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", False),
    (
        "DateGreaterThanEquals",
        "aws:CurrentTime",
        "2020-01-01T00:00:00Z",
        "2020-01-01T00:00:00Z",
        True,
    ),
    ("DateLessThan", "aws:CurrentTime", "2020-01-01", "2019-12-31T23:59:59Z", True),
    ("DateLessThan", "aws:CurrentTime", "2020-01-01", "2020-01-01T00:00:00Z", False),
    ("DateLessThanEquals", "aws:CurrentTime", "2020-01-01", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", "2020-01-01T01:00:00+01:00", True),
    ("DateEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", "2019-12-31T19:00:00-05:00", True),
    ("DateEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", 1577836800, True),
    ("DateEquals", "aws:CurrentTime", "1577836800", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "aws:CurrentTime", "2020-01-01T00:00:00.500Z", 1577836800.5, True),
    ("DateEquals", "aws:CurrentTime", "2020-01", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "aws:CurrentTime", "2020", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "aws:CurrentTime", "2020-01-01T10:30Z", "2020-01-01T10:30:00Z", True),
    ("DateNotEquals", "aws:CurrentTime", "2020-01-01", "2020-01-02", True),
    ("DateNotEquals", "aws:CurrentTime", "2020-01-01", "2020-01-01", False),
    ("DateNotEquals", "aws:CurrentTime", "2020-01-01", None, True),
    ("DateLessThan", "aws:EpochTime", "1700000000", 1690000000, True),
    ("DateLessThan", "aws:EpochTime", "1700000000", "1710000000", False),
    ("DateLessThan", "aws:CurrentTime", "2020-01-01", None, False),
    ("DateLessThan", "aws:CurrentTime", "2020-01-01", "not a date", False),
    ("DateLessThan", "aws:CurrentTime", "2020-13-01", "2019-01-01", False),
    ("DateLessThanIfExists", "aws:TokenIssueTime", "2020-01-01", None, True),
]

BOOLEANS: list[TypedCase] = [
    ("Bool", "aws:SecureTransport", "true", True, True),
    ("Bool", "aws:SecureTransport", "true", "true", True),
    ("Bool", "aws:SecureTransport", "true", False, False),
    ("Bool", "aws:SecureTransport", "false", False, True),
    ("Bool", "aws:SecureTransport", False, False, True),
    ("Bool", "aws:SecureTransport", True, True, True),
    ("Bool", "aws:SecureTransport", "TRUE", True, True),
    ("Bool", "aws:SecureTransport", "true", None, False),
    ("Bool", "aws:MultiFactorAuthPresent", "false", None, False),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", "false", None, True),
    ("BoolIfExists", "aws:MultiFactorAuthPresent", "false", True, False),
]

BINARY: list[TypedCase] = [
    ("BinaryEquals", "a:blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", b"BinaryValueInBase64", True),
    (
        "BinaryEquals",
        "a:blob",
        "QmluYXJ5VmFsdWVJbkJhc2U2NA==",
        "QmluYXJ5VmFsdWVJbkJhc2U2NA==",
        True,
    ),
    ("BinaryEquals", "a:blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", b"other", False),
    ("BinaryEquals", "a:blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "not base64!", False),
    ("BinaryEquals", "a:blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", None, False),
    ("BinaryEqualsIfExists", "a:blob", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", None, True),
]

ADDRESSES: list[TypedCase] = [
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.7", True),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.114.7", False),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.255", True),
    ("IpAddress", "aws:SourceIp", "203.0.113.9", "203.0.113.9", True),
    ("IpAddress", "aws:SourceIp", "203.0.113.9", "203.0.113.10", False),
    ("IpAddress", "aws:SourceIp", "203.0.113.1/24", "203.0.113.200", True),
    ("IpAddress", "aws:SourceIp", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", True),
    ("IpAddress", "aws:SourceIp", "2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", False),
    ("IpAddress", "aws:SourceIp", "2001:DB8::/32", "203.0.113.7", False),
    ("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "203.0.113.0/24"], "10.1.2.3", True),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", "not an address", False),
    ("IpAddress", "aws:SourceIp", "203.0.113.0/24", None, False),
    ("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "198.51.100.1", True),
    ("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.1", False),
    ("NotIpAddress", "aws:SourceIp", ["10.0.0.0/8", "203.0.113.0/24"], "10.1.2.3", False),
    ("NotIpAddress", "aws:SourceIp", "203.0.113.0/24", None, True),
    ("IpAddressIfExists", "aws:SourceIp", "203.0.113.0/24", None, True),
]

ARNS: list[TypedCase] = [
    (
        "ArnEquals",
        "aws:SourceArn",
        "arn:aws:sns:us-east-1:111122223333:topic",
        "arn:aws:sns:us-east-1:111122223333:topic",
        True,
    ),
    (
        "ArnEquals",
        "aws:SourceArn",
        "arn:aws:sns:us-east-1:111122223333:topic",
        "arn:aws:sns:us-east-1:111122223333:Topic",
        False,
    ),
    (
        "ArnEquals",
        "aws:SourceArn",
        "arn:aws:sns:*:111122223333:*",
        "arn:aws:sns:eu-west-1:111122223333:t",
        True,
    ),
    (
        "ArnLike",
        "aws:SourceArn",
        "arn:aws:sns:*:111122223333:*",
        "arn:aws:sns:eu-west-1:111122223333:t",
        True,
    ),
    (
        "ArnLike",
        "aws:SourceArn",
        "arn:aws:sns:*:111122223333:*",
        "arn:aws:sns:eu-west-1:999999999999:t",
        False,
    ),
    ("ArnLike", "aws:SourceArn", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b/c", True),
    (
        "ArnLike",
        "aws:SourceArn",
        "arn:aws:iam::*:role/app-?",
        "arn:aws:iam::111122223333:role/app-1",
        True,
    ),
    (
        "ArnLike",
        "aws:SourceArn",
        "arn:aws:iam::*:role/app-?",
        "arn:aws:iam::111122223333:role/app-12",
        False,
    ),
    (
        "ArnLike",
        "aws:SourceArn",
        "arn:aws:someservice:*:111122223333:finance/*",
        "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
        False,
    ),
    ("ArnLike", "aws:SourceArn", "arn:aws:sns:*", "arn:aws:sns:us-east-1:111122223333:t", False),
    ("ArnLike", "aws:SourceArn", "arn:aws:sns:*:*:*", "not-an-arn", False),
    ("ArnLike", "aws:SourceArn", "arn:aws:sns:*:*:*", None, False),
    (
        "ArnNotEquals",
        "aws:SourceArn",
        "arn:aws:sns:us-east-1:111122223333:topic",
        "arn:aws:sns:us-east-1:111122223333:other",
        True,
    ),
    (
        "ArnNotEquals",
        "aws:SourceArn",
        "arn:aws:sns:us-east-1:111122223333:topic",
        "arn:aws:sns:us-east-1:111122223333:topic",
        False,
    ),
    (
        "ArnNotLike",
        "aws:SourceArn",
        "arn:aws:sns:*:111122223333:*",
        "arn:aws:sns:us-east-1:999999999999:t",
        True,
    ),
    (
        "ArnNotLike",
        "aws:SourceArn",
        "arn:aws:sns:*:111122223333:*",
        "arn:aws:sns:us-east-1:111122223333:t",
        False,
    ),
    ("ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", None, True),
    ("ArnLikeIfExists", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", None, True),
]

NULLS: list[TypedCase] = [
    ("Null", "aws:TokenIssueTime", "true", None, True),
    ("Null", "aws:TokenIssueTime", "true", "2024-01-01T00:00:00Z", False),
    ("Null", "aws:TokenIssueTime", "false", "2024-01-01T00:00:00Z", True),
    ("Null", "aws:TokenIssueTime", "false", None, False),
    ("Null", "aws:TokenIssueTime", True, None, True),
    ("Null", "aws:TokenIssueTime", False, "x", True),
    ("Null", "aws:TagKeys", "true", [], True),
    ("Null", "aws:TagKeys", "false", [], False),
    ("Null", "aws:TagKeys", "false", ["a"], True),
    ("Null", "aws:TokenIssueTime", ["true", "false"], None, True),
]

TYPED = NUMERIC + DATES + BOOLEANS + BINARY + ADDRESSES + ARNS + NULLS


@pytest.mark.parametrize(
    ("operator", "key", "policy", "request_value", "expected"),
    TYPED,
    ids=[f"{o}:{p!r}~{r!r}->{e}" for o, _, p, r, e in TYPED],
)
def test_typed_operators(
    operator: str, key: str, policy: Any, request_value: ContextValue | None, expected: bool
) -> None:
    context = {} if request_value is None else {key: request_value}
    assert condition_holds({operator: {key: policy}}, context) is expected


def test_null_with_a_principal_key_sees_the_principal() -> None:
    assert condition_holds({"Null": {"aws:username": "false"}})
    assert condition_holds({"Null": {"aws:PrincipalTag/team": "false"}})
    assert condition_holds({"Null": {"aws:PrincipalTag/absent": "true"}})
