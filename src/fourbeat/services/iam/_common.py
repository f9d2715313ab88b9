"""What every IAM operation shares: ARNs, finding users and roles, markers, tags, documents.

IAM is global: ARNs carry no region (``arn:aws:iam::ACCOUNT:user/PATH/NAME``) and names of
users and roles are unique in an account whatever their case. List operations page with an
opaque ``Marker`` and ``MaxItems`` (100 unless given) and always say ``IsTruncated``.
https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import quote

from fourbeat.clock import as_datetime
from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response, Service
from fourbeat.services._validation import check_constraints
from fourbeat.store import Database

T = TypeVar("T")
DEFAULT_MAX_ITEMS = 100
TAGS_PER_ENTITY = 50
"""Tags on one user, role or policy: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html"""


def no_such_entity(message: str) -> AwsError:
    return AwsError("NoSuchEntityException", message)


def encode_document(text: str) -> str:
    """A policy document as IAM returns it: URL-encoded JSON, which botocore's
    ``json_decode_policies`` handler turns back into a dict, as it does for AWS's answers."""
    return quote(text, safe="")


class IamBase(Service):
    """The IAM service's shared helpers; each operation group is a subclass of this."""

    name = "iam"
    access_denied_code = "AccessDenied"

    def dispatch(self, request: Request, params: Params) -> Response:
        check_constraints(self.name, request.operation, params)
        return super().dispatch(request, params)

    @property
    def db(self) -> Database:
        return self.store.db

    def arn(self, kind: str, path: str, name: str) -> str:
        return f"arn:aws:iam::{self.env.account}:{kind}{path}{name}"

    def user_arn(self, row: sqlite3.Row) -> str:
        return self.arn("user", row["path"], row["name"])

    def role_arn(self, row: sqlite3.Row) -> str:
        return self.arn("role", row["path"], row["name"])

    def find_user(self, name: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self.db.read().execute("select * from iam_users where name = ?", (name,)).fetchone()
        )
        return row

    def find_role(self, name: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self.db.read().execute("select * from iam_roles where name = ?", (name,)).fetchone()
        )
        return row

    def authorize_user(
        self, request: Request, action: str, name: str, context: dict[str, object] | None = None
    ) -> sqlite3.Row:
        """Authorize ``action`` on the user, then find it (IAM answers AccessDenied before
        NoSuchEntity, so a caller cannot probe for names it may not see)."""
        row = self.find_user(name)
        arn = self.user_arn(row) if row else self.arn("user", "/", name)
        self.authorize(request, action, arn, {**entity_context(row), **(context or {})})
        if row is None:
            raise no_such_entity(f"The user with name {name} cannot be found.")
        return row

    def authorize_role(
        self, request: Request, action: str, name: str, context: dict[str, object] | None = None
    ) -> sqlite3.Row:
        row = self.find_role(name)
        arn = self.role_arn(row) if row else self.arn("role", "/", name)
        self.authorize(request, action, arn, {**entity_context(row), **(context or {})})
        if row is None:
            raise no_such_entity(f"The role with name {name} cannot be found.")
        return row

    def caller_user_name(self, request: Request) -> str:
        """The user a call without ``UserName`` acts on: the caller, when it is an IAM user."""
        principal = request.principal
        if principal.role_arn is not None or ":user/" not in principal.arn:
            raise AwsError(
                "ValidationError",
                "Must specify userName when calling with non-User credentials",
                400,
            )
        return principal.name

    def now(self) -> float:
        return self.clock.now()


def entity_context(row: sqlite3.Row | None) -> dict[str, object]:
    """Condition keys a user or role brings to a request about it: its tags and boundary."""
    if row is None:
        return {}
    context: dict[str, object] = {
        f"aws:ResourceTag/{tag['Key']}": tag["Value"] for tag in json.loads(row["tags"])
    }
    if row["boundary"]:
        context["iam:PermissionsBoundary"] = row["boundary"]
    return context


def date(epoch: float) -> datetime:
    return as_datetime(epoch)


def paginate(
    items: Sequence[T], params: Params, key: Callable[[T], str]
) -> tuple[list[T], Response]:
    """One page of ``items`` (sorted by ``key``) after the request's Marker."""
    ordered = sorted(items, key=key)
    start = 0
    if "Marker" in params:
        after = _decode_marker(params["Marker"])
        start = next((i for i, item in enumerate(ordered) if key(item) > after), len(ordered))
    size = params.get("MaxItems", DEFAULT_MAX_ITEMS)
    page = ordered[start : start + size]
    extra: Response = {"IsTruncated": start + size < len(ordered)}
    if extra["IsTruncated"]:
        extra["Marker"] = base64.urlsafe_b64encode(key(page[-1]).encode()).decode()
    return page, extra


def _decode_marker(marker: str) -> str:
    try:
        return base64.urlsafe_b64decode(marker.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise AwsError("ValidationError", "Invalid Marker", 400) from None


def tag_list(tags_json: str) -> list[dict[str, str]]:
    tags: list[dict[str, str]] = json.loads(tags_json)
    return tags


def request_tag_context(tags: Sequence[dict[str, str]]) -> dict[str, object]:
    """``aws:RequestTag/…`` and ``aws:TagKeys`` for a request that sets tags."""
    if not tags:
        return {}
    context: dict[str, object] = {f"aws:RequestTag/{t['Key']}": t["Value"] for t in tags}
    context["aws:TagKeys"] = [t["Key"] for t in tags]
    return context


def merge_tags(
    existing: Sequence[dict[str, str]],
    new: Sequence[dict[str, str]],
    *,
    fold_case: bool,
    quota: str,
) -> list[dict[str, str]]:
    """``existing`` with ``new`` added or replacing: users' and roles' tag keys ignore case
    (a new ``department`` replaces ``Department``); policies' do not.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating
    """

    def fold(key: str) -> str:
        return key.lower() if fold_case else key

    check_new_tags(new, fold)
    replaced = {fold(t["Key"]) for t in new}
    merged = [dict(t) for t in existing if fold(t["Key"]) not in replaced]
    merged += [{"Key": t["Key"], "Value": t["Value"]} for t in new]
    if len(merged) > TAGS_PER_ENTITY:
        raise AwsError(
            "LimitExceededException", f"Cannot exceed quota for {quota}: {TAGS_PER_ENTITY}"
        )
    return merged


def check_new_tags(new: Sequence[dict[str, str]], fold: Callable[[str], str]) -> None:
    keys = [fold(t["Key"]) for t in new]
    if len(keys) != len(set(keys)):
        raise AwsError(
            "InvalidInputException",
            "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
        )
    for tag in new:
        # The aws: prefix is reserved for AWS's own tags.
        if tag["Key"].lower().startswith("aws:"):
            raise AwsError(
                "InvalidInputException",
                f"Tag key {tag['Key']} is reserved: tag keys cannot begin with aws:",
            )


def remove_tags(
    existing: Sequence[dict[str, str]], keys: Sequence[str], *, fold_case: bool
) -> list[dict[str, str]]:
    def fold(key: str) -> str:
        return key.lower() if fold_case else key

    gone = {fold(k) for k in keys}
    return [dict(t) for t in existing if fold(t["Key"]) not in gone]


def tags_member(tags: Sequence[dict[str, Any]]) -> Response:
    """``{"Tags": [...]}`` when there are tags: IAM leaves the member out otherwise."""
    return {"Tags": list(tags)} if tags else {}
