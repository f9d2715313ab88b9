"""Inline policies embedded in users and roles.

A user's inline policies together may hold 2,048 characters and a role's 10,240, white space
not counted: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
Documents come back URL-encoded, as IAM sends them (botocore decodes them to a dict).
"""

from __future__ import annotations

import sqlite3

from fourbeat.errors import AwsError
from fourbeat.iam._policy_documents import PolicyKind, policy_size, validate_policy
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.iam._common import IamBase, encode_document, no_such_entity, paginate

INLINE_SIZE = {"user": 2048, "role": 10240}


class InlinePolicies(IamBase):
    def PutRolePolicy(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:PutRolePolicy", params["RoleName"])
        self._put("role", row, row["role_id"], params)
        return {}

    def PutUserPolicy(self, request: Request, params: Params) -> Response:
        row = self.authorize_user(request, "iam:PutUserPolicy", params["UserName"])
        self._put("user", row, row["user_id"], params)
        return {}

    def GetRolePolicy(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:GetRolePolicy", params["RoleName"])
        document = self._document("role", row["role_id"], params["PolicyName"])
        return {
            "RoleName": row["name"],
            "PolicyName": params["PolicyName"],
            "PolicyDocument": encode_document(document),
        }

    def GetUserPolicy(self, request: Request, params: Params) -> Response:
        row = self.authorize_user(request, "iam:GetUserPolicy", params["UserName"])
        document = self._document("user", row["user_id"], params["PolicyName"])
        return {
            "UserName": row["name"],
            "PolicyName": params["PolicyName"],
            "PolicyDocument": encode_document(document),
        }

    def DeleteRolePolicy(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:DeleteRolePolicy", params["RoleName"])
        self._delete("role", row["role_id"], params["PolicyName"])
        return {}

    def DeleteUserPolicy(self, request: Request, params: Params) -> Response:
        row = self.authorize_user(request, "iam:DeleteUserPolicy", params["UserName"])
        self._delete("user", row["user_id"], params["PolicyName"])
        return {}

    def ListRolePolicies(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:ListRolePolicies", params["RoleName"])
        return self._list(row["role_id"], params)

    def ListUserPolicies(self, request: Request, params: Params) -> Response:
        row = self.authorize_user(request, "iam:ListUserPolicies", params["UserName"])
        return self._list(row["user_id"], params)

    def _put(self, kind: str, owner: sqlite3.Row, owner_id: str, params: Params) -> None:
        name, document = params["PolicyName"], params["PolicyDocument"]
        validate_policy(document, PolicyKind.INLINE)
        limit = INLINE_SIZE[kind]
        with self.db.transaction() as db:
            others = db.execute(
                "select document from iam_inline_policies where owner_id = ? and name != ?",
                (owner_id, name),
            ).fetchall()
            total = policy_size(document) + sum(policy_size(r["document"]) for r in others)
            if total > limit:
                raise AwsError(
                    "LimitExceededException",
                    f"Maximum policy size of {limit} bytes exceeded for {kind} {owner['name']}",
                )
            db.execute(
                "insert into iam_inline_policies (owner_id, name, document) values (?, ?, ?) "
                "on conflict (owner_id, name) do update set document = excluded.document",
                (owner_id, name, document),
            )

    def _document(self, kind: str, owner_id: str, name: str) -> str:
        row = (
            self.db.read()
            .execute(
                "select document from iam_inline_policies where owner_id = ? and name = ?",
                (owner_id, name),
            )
            .fetchone()
        )
        if row is None:
            raise no_such_entity(f"The {kind} policy with name {name} cannot be found.")
        return str(row["document"])

    def _delete(self, kind: str, owner_id: str, name: str) -> None:
        with self.db.transaction() as db:
            gone = db.execute(
                "delete from iam_inline_policies where owner_id = ? and name = ?",
                (owner_id, name),
            ).rowcount
        if not gone:
            raise no_such_entity(f"The {kind} policy with name {name} cannot be found.")

    def _list(self, owner_id: str, params: Params) -> Response:
        rows = (
            self.db.read()
            .execute("select name from iam_inline_policies where owner_id = ?", (owner_id,))
            .fetchall()
        )
        page, extra = paginate([r["name"] for r in rows], params, lambda name: name)
        return {"PolicyNames": page, **extra}
