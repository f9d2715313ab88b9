"""IAM users: create, read, list, rename, delete, tags and permissions boundaries.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
"""

from __future__ import annotations

import json
import sqlite3

from fourbeat.errors import AwsError, FourbeatError
from fourbeat.iam import new_id
from fourbeat.iam._identities import ADMIN_ACCESS_KEY
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.iam._common import (
    date,
    merge_tags,
    paginate,
    remove_tags,
    request_tag_context,
    tag_list,
    tags_member,
)
from fourbeat.services.iam._policies import PolicyLookup

_QUOTA = "TagsPerUser"


class Users(PolicyLookup):
    def CreateUser(self, request: Request, params: Params) -> Response:
        name, path = params["UserName"], params.get("Path", "/")
        tags = params.get("Tags", [])
        boundary = params.get("PermissionsBoundary")
        context = request_tag_context(tags)
        if boundary:
            context["iam:PermissionsBoundary"] = boundary
        arn = self.arn("user", path, name)
        self.authorize(request, "iam:CreateUser", arn, context)
        if tags:  # creating with tags needs the permission to tag as well
            self.authorize(request, "iam:TagUser", arn, context)
        merged = merge_tags([], tags, fold_case=True, quota=_QUOTA)
        if boundary:
            self.require_boundary(boundary)
        with self.db.transaction() as db:
            if db.execute("select 1 from iam_users where name = ?", (name,)).fetchone():
                raise AwsError(
                    "EntityAlreadyExistsException", f"User with name {name} already exists."
                )
            db.execute(
                "insert into iam_users (user_id, name, path, created, tags, boundary) "
                "values (?, ?, ?, ?, ?, ?)",
                (new_id("AIDA"), name, path, self.now(), json.dumps(merged), boundary),
            )
        return {"User": self.user_shape(self._user(name), full=True)}

    def GetUser(self, request: Request, params: Params) -> Response:
        name = params.get("UserName") or self.caller_user_name(request)
        row = self.authorize_user(request, "iam:GetUser", name)
        return {"User": self.user_shape(row, full=True)}

    def ListUsers(self, request: Request, params: Params) -> Response:
        self.authorize(request, "iam:ListUsers", "*")
        prefix = params.get("PathPrefix", "/")
        rows = self.db.read().execute("select * from iam_users").fetchall()
        rows = [r for r in rows if r["path"].startswith(prefix)]
        page, extra = paginate(rows, params, lambda r: r["name"].lower())
        return {"Users": [self.user_shape(r, full=False) for r in page], **extra}

    def UpdateUser(self, request: Request, params: Params) -> Response:
        name = params["UserName"]
        row = self.authorize_user(request, "iam:UpdateUser", name)
        new_name = params.get("NewUserName", row["name"])
        new_path = params.get("NewPath", row["path"])
        with self.db.transaction() as db:
            clash = db.execute(
                "select 1 from iam_users where name = ? and user_id != ?",
                (new_name, row["user_id"]),
            ).fetchone()
            if clash:
                raise AwsError(
                    "EntityAlreadyExistsException", f"User with name {new_name} already exists."
                )
            db.execute(
                "update iam_users set name = ?, path = ? where user_id = ?",
                (new_name, new_path, row["user_id"]),
            )
        return {}

    def DeleteUser(self, request: Request, params: Params) -> Response:
        row = self.authorize_user(request, "iam:DeleteUser", params["UserName"])
        self._refuse_admin(row)
        with self.db.transaction() as db:
            _delete_conflicts(db, row["user_id"])
            db.execute("delete from iam_users where user_id = ?", (row["user_id"],))
        return {}

    def _refuse_admin(self, row: sqlite3.Row) -> None:
        admin = (
            self.db.read()
            .execute("select user_id from access_keys where access_key_id = ?", (ADMIN_ACCESS_KEY,))
            .fetchone()
        )
        if admin is not None and admin["user_id"] == row["user_id"]:
            raise FourbeatError(
                f"the user {row['name']} is fourbeat's default administrator and cannot be deleted",
                fix="Create other users for what you test; the administrator signs every call "
                "made without credentials.",
            )

    def TagUser(self, request: Request, params: Params) -> Response:
        tags = params["Tags"]
        row = self.authorize_user(
            request, "iam:TagUser", params["UserName"], request_tag_context(tags)
        )
        merged = merge_tags(tag_list(row["tags"]), tags, fold_case=True, quota=_QUOTA)
        self._set_tags(row, merged)
        return {}

    def UntagUser(self, request: Request, params: Params) -> Response:
        keys = params["TagKeys"]
        context: dict[str, object] = {"aws:TagKeys": keys}
        row = self.authorize_user(request, "iam:UntagUser", params["UserName"], context)
        self._set_tags(row, remove_tags(tag_list(row["tags"]), keys, fold_case=True))
        return {}

    def ListUserTags(self, request: Request, params: Params) -> Response:
        row = self.authorize_user(request, "iam:ListUserTags", params["UserName"])
        tags = tag_list(row["tags"])
        page, extra = paginate(tags, params, lambda t: t["Key"])
        return {"Tags": page, **extra}

    def PutUserPermissionsBoundary(self, request: Request, params: Params) -> Response:
        boundary = params["PermissionsBoundary"]
        context: dict[str, object] = {"iam:PermissionsBoundary": boundary}
        row = self.authorize_user(
            request, "iam:PutUserPermissionsBoundary", params["UserName"], context
        )
        self.require_boundary(boundary)
        self._set_boundary(row, boundary)
        return {}

    def DeleteUserPermissionsBoundary(self, request: Request, params: Params) -> Response:
        row = self.authorize_user(request, "iam:DeleteUserPermissionsBoundary", params["UserName"])
        self._set_boundary(row, None)
        return {}

    def _set_tags(self, row: sqlite3.Row, tags: list[dict[str, str]]) -> None:
        with self.db.transaction() as db:
            db.execute(
                "update iam_users set tags = ? where user_id = ?",
                (json.dumps(tags), row["user_id"]),
            )

    def _set_boundary(self, row: sqlite3.Row, boundary: str | None) -> None:
        with self.db.transaction() as db:
            db.execute(
                "update iam_users set boundary = ? where user_id = ?", (boundary, row["user_id"])
            )

    def _user(self, name: str) -> sqlite3.Row:
        row = self.find_user(name)
        assert row is not None, name
        return row

    def user_shape(self, row: sqlite3.Row, *, full: bool) -> Response:
        """The User shape; ListUsers leaves out tags and the boundary, as AWS's does."""
        user: Response = {
            "Path": row["path"],
            "UserName": row["name"],
            "UserId": row["user_id"],
            "Arn": self.user_arn(row),
            "CreateDate": date(row["created"]),
        }
        if full:
            if row["boundary"]:
                user["PermissionsBoundary"] = boundary_shape(row["boundary"])
            user.update(tags_member(tag_list(row["tags"])))
        return user


def boundary_shape(arn: str) -> Response:
    return {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}


def _delete_conflicts(db: sqlite3.Connection, user_id: str) -> None:
    """IAM refuses to delete a user that still has keys or policies.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_remove.html"""
    checks = (
        (
            "select 1 from access_keys where user_id = ? and session_token is null "
            "and status != 'Deleted'",
            "Cannot delete entity, must delete access keys first.",
        ),
        (
            "select 1 from iam_inline_policies where owner_id = ?",
            "Cannot delete entity, must delete policies first.",
        ),
        (
            "select 1 from iam_attachments where owner_id = ?",
            "Cannot delete entity, must detach all policies first.",
        ),
    )
    for sql, message in checks:
        if db.execute(sql, (user_id,)).fetchone():
            raise AwsError("DeleteConflictException", message)
