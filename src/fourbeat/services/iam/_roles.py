"""IAM roles: create, read, list, update, delete, trust policies, tags and boundaries.

A role's trust policy (AssumeRolePolicyDocument) is checked as IAM checks it, including that the
users and roles of this account it names exist, and may hold 2,048 characters:
https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
"""

from __future__ import annotations

import json
import re
import sqlite3

from fourbeat.errors import AwsError
from fourbeat.iam import new_id
from fourbeat.iam._policy_documents import PolicyKind, policy_size, validate_policy
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.iam._common import (
    date,
    encode_document,
    merge_tags,
    paginate,
    remove_tags,
    request_tag_context,
    tag_list,
    tags_member,
)
from fourbeat.services.iam._policies import PolicyLookup
from fourbeat.services.iam._users import boundary_shape

TRUST_POLICY_SIZE = 2048
_QUOTA = "TagsPerRole"
_ENTITY_ARN = re.compile(r"^arn:aws:iam::(\d{12}):(user|role)(/(?:[^/]+/)*)([^/]+)$")


class Roles(PolicyLookup):
    def CreateRole(self, request: Request, params: Params) -> Response:
        name, path = params["RoleName"], params.get("Path", "/")
        tags = params.get("Tags", [])
        boundary = params.get("PermissionsBoundary")
        context = request_tag_context(tags)
        if boundary:
            context["iam:PermissionsBoundary"] = boundary
        arn = self.arn("role", path, name)
        self.authorize(request, "iam:CreateRole", arn, context)
        if tags:  # creating with tags needs the permission to tag as well
            self.authorize(request, "iam:TagRole", arn, context)
        merged = merge_tags([], tags, fold_case=True, quota=_QUOTA)
        trust = params["AssumeRolePolicyDocument"]
        self._check_trust(trust)
        if boundary:
            self.require_boundary(boundary)
        with self.db.transaction() as db:
            if db.execute("select 1 from iam_roles where name = ?", (name,)).fetchone():
                raise AwsError(
                    "EntityAlreadyExistsException", f"Role with name {name} already exists."
                )
            db.execute(
                "insert into iam_roles (role_id, name, path, created, trust_policy, description, "
                "max_session, tags, boundary) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new_id("AROA"),
                    name,
                    path,
                    self.now(),
                    trust,
                    params.get("Description"),
                    params.get("MaxSessionDuration", 3600),
                    json.dumps(merged),
                    boundary,
                ),
            )
        return {"Role": self.role_shape(self._role(name), "create")}

    def GetRole(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:GetRole", params["RoleName"])
        return {"Role": self.role_shape(row, "get")}

    def ListRoles(self, request: Request, params: Params) -> Response:
        self.authorize(request, "iam:ListRoles", "*")
        prefix = params.get("PathPrefix", "/")
        rows = self.db.read().execute("select * from iam_roles").fetchall()
        rows = [r for r in rows if r["path"].startswith(prefix)]
        page, extra = paginate(rows, params, lambda r: r["name"].lower())
        return {"Roles": [self.role_shape(r, "list") for r in page], **extra}

    def UpdateRole(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:UpdateRole", params["RoleName"])
        description = params.get("Description", row["description"])
        max_session = params.get("MaxSessionDuration", row["max_session"])
        with self.db.transaction() as db:
            db.execute(
                "update iam_roles set description = ?, max_session = ? where role_id = ?",
                (description, max_session, row["role_id"]),
            )
        return {}

    def UpdateRoleDescription(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:UpdateRoleDescription", params["RoleName"])
        with self.db.transaction() as db:
            db.execute(
                "update iam_roles set description = ? where role_id = ?",
                (params["Description"], row["role_id"]),
            )
        return {"Role": self.role_shape(self._role(row["name"]), "get")}

    def UpdateAssumeRolePolicy(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:UpdateAssumeRolePolicy", params["RoleName"])
        trust = params["PolicyDocument"]
        self._check_trust(trust)
        with self.db.transaction() as db:
            db.execute(
                "update iam_roles set trust_policy = ? where role_id = ?", (trust, row["role_id"])
            )
        return {}

    def DeleteRole(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:DeleteRole", params["RoleName"])
        with self.db.transaction() as db:
            # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html
            if db.execute(
                "select 1 from iam_attachments where owner_id = ?", (row["role_id"],)
            ).fetchone():
                raise AwsError(
                    "DeleteConflictException",
                    "Cannot delete entity, must detach all policies first.",
                )
            if db.execute(
                "select 1 from iam_inline_policies where owner_id = ?", (row["role_id"],)
            ).fetchone():
                raise AwsError(
                    "DeleteConflictException", "Cannot delete entity, must delete policies first."
                )
            db.execute("delete from iam_roles where role_id = ?", (row["role_id"],))
        return {}

    def TagRole(self, request: Request, params: Params) -> Response:
        tags = params["Tags"]
        row = self.authorize_role(
            request, "iam:TagRole", params["RoleName"], request_tag_context(tags)
        )
        merged = merge_tags(tag_list(row["tags"]), tags, fold_case=True, quota=_QUOTA)
        self._update(row, "tags", json.dumps(merged))
        return {}

    def UntagRole(self, request: Request, params: Params) -> Response:
        keys = params["TagKeys"]
        context: dict[str, object] = {"aws:TagKeys": keys}
        row = self.authorize_role(request, "iam:UntagRole", params["RoleName"], context)
        remaining = remove_tags(tag_list(row["tags"]), keys, fold_case=True)
        self._update(row, "tags", json.dumps(remaining))
        return {}

    def ListRoleTags(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:ListRoleTags", params["RoleName"])
        page, extra = paginate(tag_list(row["tags"]), params, lambda t: t["Key"])
        return {"Tags": page, **extra}

    def PutRolePermissionsBoundary(self, request: Request, params: Params) -> Response:
        boundary = params["PermissionsBoundary"]
        context: dict[str, object] = {"iam:PermissionsBoundary": boundary}
        row = self.authorize_role(
            request, "iam:PutRolePermissionsBoundary", params["RoleName"], context
        )
        self.require_boundary(boundary)
        self._update(row, "boundary", boundary)
        return {}

    def DeleteRolePermissionsBoundary(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:DeleteRolePermissionsBoundary", params["RoleName"])
        self._update(row, "boundary", None)
        return {}

    def _update(self, row: sqlite3.Row, column: str, value: str | None) -> None:
        assert column in ("tags", "boundary")
        with self.db.transaction() as db:
            db.execute(
                f"update iam_roles set {column} = ? where role_id = ?", (value, row["role_id"])
            )

    def _check_trust(self, text: str) -> None:
        validate_policy(text, PolicyKind.TRUST, self._principal_exists)
        if policy_size(text) > TRUST_POLICY_SIZE:
            raise AwsError(
                "LimitExceededException",
                f"Cannot exceed quota for ACLSizePerRole: {TRUST_POLICY_SIZE}",
            )

    def _principal_exists(self, arn: str) -> bool:
        """Whether a trust policy's AWS principal names something that exists: IAM checks the
        users and roles of its own account; other accounts it cannot see from here."""
        match = _ENTITY_ARN.match(arn)
        if match is None or match.group(1) != self.env.account:
            return True
        _, kind, path, name = match.groups()
        row = self.find_user(name) if kind == "user" else self.find_role(name)
        return row is not None and row["path"] == path

    def _role(self, name: str) -> sqlite3.Row:
        row = self.find_role(name)
        assert row is not None, name
        return row

    def role_shape(self, row: sqlite3.Row, use: str) -> Response:
        """The Role shape as each operation fills it: ListRoles leaves out tags, the boundary
        and RoleLastUsed; CreateRole has no RoleLastUsed yet."""
        role: Response = {
            "Path": row["path"],
            "RoleName": row["name"],
            "RoleId": row["role_id"],
            "Arn": self.role_arn(row),
            "CreateDate": date(row["created"]),
            "AssumeRolePolicyDocument": encode_document(row["trust_policy"]),
            "MaxSessionDuration": row["max_session"],
        }
        if row["description"] is not None:
            role["Description"] = row["description"]
        if use == "list":
            return role
        if row["boundary"]:
            role["PermissionsBoundary"] = boundary_shape(row["boundary"])
        role.update(tags_member(tag_list(row["tags"])))
        if use == "get":
            role["RoleLastUsed"] = _last_used(row)
        return role


def _last_used(row: sqlite3.Row) -> Response:
    if row["last_used"] is None:
        return {}
    return {"LastUsedDate": date(row["last_used"]), "Region": row["last_used_region"] or ""}
