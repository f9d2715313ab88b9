"""A user's access keys: at most two, each Active or Inactive, and when each was last used.

A key created here signs calls as its user from then on; an Inactive or deleted one is refused
(``InvalidClientTokenId``). https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
"""

from __future__ import annotations

import sqlite3

from fourbeat.errors import AwsError, FourbeatError
from fourbeat.iam import new_id
from fourbeat.iam._identities import ADMIN_ACCESS_KEY, new_secret
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.iam._common import IamBase, date, no_such_entity, paginate

KEYS_PER_USER = 2
_USER_KEY = "session_token is null and status != 'Deleted'"


class AccessKeys(IamBase):
    def CreateAccessKey(self, request: Request, params: Params) -> Response:
        name = params.get("UserName") or self.caller_user_name(request)
        user = self.authorize_user(request, "iam:CreateAccessKey", name)
        key_id, secret, now = new_id("AKIA", 20), new_secret(), self.now()
        with self.db.transaction() as db:
            count = db.execute(
                f"select count(*) from access_keys where user_id = ? and {_USER_KEY}",
                (user["user_id"],),
            ).fetchone()[0]
            if count >= KEYS_PER_USER:
                raise AwsError(
                    "LimitExceededException",
                    f"Cannot exceed quota for AccessKeysPerUser: {KEYS_PER_USER}",
                )
            db.execute(
                "insert into access_keys (access_key_id, secret, user_id, created) "
                "values (?, ?, ?, ?)",
                (key_id, secret, user["user_id"], now),
            )
        return {
            "AccessKey": {
                "UserName": user["name"],
                "AccessKeyId": key_id,
                "Status": "Active",
                "SecretAccessKey": secret,
                "CreateDate": date(now),
            }
        }

    def ListAccessKeys(self, request: Request, params: Params) -> Response:
        name = params.get("UserName") or self.caller_user_name(request)
        user = self.authorize_user(request, "iam:ListAccessKeys", name)
        rows = (
            self.db.read()
            .execute(
                f"select * from access_keys where user_id = ? and {_USER_KEY}", (user["user_id"],)
            )
            .fetchall()
        )
        page, extra = paginate(rows, params, lambda r: f"{r['created']:020.6f} {r[0]}")
        keys = [
            {
                "UserName": user["name"],
                "AccessKeyId": r["access_key_id"],
                "Status": r["status"],
                "CreateDate": date(r["created"]),
            }
            for r in page
        ]
        return {"AccessKeyMetadata": keys, **extra}

    def UpdateAccessKey(self, request: Request, params: Params) -> Response:
        key = self._key(request, "iam:UpdateAccessKey", params)
        status = params["Status"]
        if status not in ("Active", "Inactive"):
            raise AwsError(
                "ValidationError",
                f"1 validation error detected: Value '{status}' at 'status' failed to satisfy "
                "constraint: Member must satisfy enum value set: [Active, Inactive]",
                400,
            )
        if status == "Inactive":
            _refuse_admin_key(key)
        with self.db.transaction() as db:
            db.execute(
                "update access_keys set status = ? where access_key_id = ?",
                (status, key["access_key_id"]),
            )
        return {}

    def DeleteAccessKey(self, request: Request, params: Params) -> Response:
        key = self._key(request, "iam:DeleteAccessKey", params)
        _refuse_admin_key(key)
        with self.db.transaction() as db:
            # Kept as Deleted, not removed: a key this cloud issued must not turn into an
            # unknown key, which would sign as the default administrator.
            db.execute(
                "update access_keys set status = 'Deleted' where access_key_id = ?",
                (key["access_key_id"],),
            )
        return {}

    def GetAccessKeyLastUsed(self, request: Request, params: Params) -> Response:
        key_id = params["AccessKeyId"]
        row = self._find(key_id)
        user = None if row is None else self._user_of(row)
        arn = self.user_arn(user) if user else "*"
        self.authorize(request, "iam:GetAccessKeyLastUsed", arn)
        if row is None or user is None:
            raise _no_such_key(key_id)
        used: Response = {"ServiceName": "N/A", "Region": "N/A"}  # never used, as AWS says it
        if row["last_used"] is not None:
            used = {
                "LastUsedDate": date(row["last_used"]),
                "ServiceName": row["last_used_service"],
                "Region": row["last_used_region"] or "N/A",
            }
        return {"UserName": user["name"], "AccessKeyLastUsed": used}

    def _key(self, request: Request, action: str, params: Params) -> sqlite3.Row:
        """The key a request names, authorized on its user (the caller's when none is given)."""
        name = params.get("UserName") or self.caller_user_name(request)
        user = self.authorize_user(request, action, name)
        key_id = params["AccessKeyId"]
        row = self._find(key_id)
        if row is None or row["user_id"] != user["user_id"]:
            raise _no_such_key(key_id)
        return row

    def _find(self, key_id: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self.db.read()
            .execute(
                f"select * from access_keys where access_key_id = ? and {_USER_KEY}", (key_id,)
            )
            .fetchone()
        )
        return row

    def _user_of(self, key: sqlite3.Row) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self.db.read()
            .execute("select * from iam_users where user_id = ?", (key["user_id"],))
            .fetchone()
        )
        return row


def _no_such_key(key_id: str) -> AwsError:
    return no_such_entity(f"The Access Key with id {key_id} cannot be found")


def _refuse_admin_key(key: sqlite3.Row) -> None:
    if key["access_key_id"] == ADMIN_ACCESS_KEY:
        raise FourbeatError(
            f"{ADMIN_ACCESS_KEY} is fourbeat's built-in administrator key and stays active",
            fix="Create a user and its own access keys to test deactivating or deleting keys.",
        )
