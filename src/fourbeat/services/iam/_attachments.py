"""Attaching managed policies to users and roles, and listing who has which.

https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
"""

from __future__ import annotations

import sqlite3

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.iam._common import no_such_entity, paginate
from fourbeat.services.iam._policies import POLICIES_PER_ENTITY, PolicyLookup

_KINDS = {"user": ("iam_users", "user_id"), "role": ("iam_roles", "role_id")}


class Attachments(PolicyLookup):
    def AttachRolePolicy(self, request: Request, params: Params) -> Response:
        return self._attach(request, params, "role")

    def AttachUserPolicy(self, request: Request, params: Params) -> Response:
        return self._attach(request, params, "user")

    def DetachRolePolicy(self, request: Request, params: Params) -> Response:
        return self._detach(request, params, "role")

    def DetachUserPolicy(self, request: Request, params: Params) -> Response:
        return self._detach(request, params, "user")

    def ListAttachedRolePolicies(self, request: Request, params: Params) -> Response:
        row = self.authorize_role(request, "iam:ListAttachedRolePolicies", params["RoleName"])
        return self._attached(row["role_id"], params)

    def ListAttachedUserPolicies(self, request: Request, params: Params) -> Response:
        row = self.authorize_user(request, "iam:ListAttachedUserPolicies", params["UserName"])
        return self._attached(row["user_id"], params)

    def ListEntitiesForPolicy(self, request: Request, params: Params) -> Response:
        arn = params["PolicyArn"]
        self.check_policy_arn(arn)
        self.authorize(request, "iam:ListEntitiesForPolicy", arn)
        self.require_policy(arn)
        entities = self._entities(arn, params)
        page, extra = paginate(entities, params, lambda e: f"{e[0]} {e[1].lower()}")
        users = [{"UserName": name, "UserId": id_} for kind, name, id_ in page if kind == "user"]
        roles = [{"RoleName": name, "RoleId": id_} for kind, name, id_ in page if kind == "role"]
        return {"PolicyGroups": [], "PolicyUsers": users, "PolicyRoles": roles, **extra}

    def _entities(self, arn: str, params: Params) -> list[tuple[str, str, str]]:
        wanted = params.get("EntityFilter")
        if wanted == "Group":
            return []  # fourbeat has no IAM groups, so none has the policy
        if params.get("PolicyUsageFilter") == "PermissionsBoundary":
            where, args = "boundary = ?", (arn,)
        else:
            where = "{id} in (select owner_id from iam_attachments where policy_arn = ?)"
            args = (arn,)
        prefix = params.get("PathPrefix", "/")
        found: list[tuple[str, str, str]] = []
        for kind, (table, id_column) in _KINDS.items():
            if wanted in ("User", "Role") and wanted.lower() != kind:
                continue
            sql = f"select name, path, {id_column} as id from {table} where " + where.format(
                id=id_column
            )
            for row in self.db.read().execute(sql, args):
                if row["path"].startswith(prefix):
                    found.append((kind, row["name"], row["id"]))
        return found

    def _owner(self, request: Request, params: Params, kind: str, action: str) -> sqlite3.Row:
        arn = params["PolicyArn"]
        self.check_policy_arn(arn)
        context: dict[str, object] = {"iam:PolicyARN": arn}
        if kind == "role":
            return self.authorize_role(request, action, params["RoleName"], context)
        return self.authorize_user(request, action, params["UserName"], context)

    def _attach(self, request: Request, params: Params, kind: str) -> Response:
        action = f"iam:Attach{kind.title()}Policy"
        owner = self._owner(request, params, kind, action)
        owner_id = owner[_KINDS[kind][1]]
        arn = params["PolicyArn"]
        self.require_attachable(arn)
        with self.db.transaction() as db:
            attached = db.execute(
                "select policy_arn from iam_attachments where owner_id = ?", (owner_id,)
            ).fetchall()
            # Attaching a policy that is attached already succeeds and changes nothing.
            if arn in {r["policy_arn"] for r in attached}:
                return {}
            if len(attached) >= POLICIES_PER_ENTITY:
                raise AwsError(
                    "LimitExceededException",
                    f"Cannot exceed quota for PoliciesPer{kind.title()}: {POLICIES_PER_ENTITY}",
                )
            db.execute(
                "insert into iam_attachments (policy_arn, owner_id, owner_kind, attached) "
                "values (?, ?, ?, ?)",
                (arn, owner_id, kind, self.now()),
            )
        return {}

    def _detach(self, request: Request, params: Params, kind: str) -> Response:
        action = f"iam:Detach{kind.title()}Policy"
        owner = self._owner(request, params, kind, action)
        arn = params["PolicyArn"]
        with self.db.transaction() as db:
            gone = db.execute(
                "delete from iam_attachments where policy_arn = ? and owner_id = ?",
                (arn, owner[_KINDS[kind][1]]),
            ).rowcount
        if not gone:
            raise no_such_entity(f"Policy {arn} was not found.")
        return {}

    def _attached(self, owner_id: str, params: Params) -> Response:
        rows = (
            self.db.read()
            .execute(
                "select policy_arn, attached from iam_attachments where owner_id = ?", (owner_id,)
            )
            .fetchall()
        )
        prefix = params.get("PathPrefix", "/")
        items = []
        for row in rows:
            path, _, name = row["policy_arn"].split(":policy", 1)[1].rpartition("/")
            if (path + "/").startswith(prefix):
                items.append((f"{row['attached']:020.6f} {row['policy_arn']}", name, row))
        page, extra = paginate(items, params, lambda item: item[0])
        attached = [{"PolicyName": name, "PolicyArn": row["policy_arn"]} for _, name, row in page]
        return {"AttachedPolicies": attached, **extra}
