"""Users, roles and access keys: the identities behind every call's credentials.

An access key maps to a principal: an IAM user's long-term key (``AKIA…``) or a role session's
temporary key (``ASIA…``, minted by STS AssumeRole, with an expiry). Keys this cloud never
issued, and calls without credentials, are the default administrator: the person at the
keyboard, whose own AWS configuration fourbeat neither needs nor reads.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import string
from dataclasses import dataclass

from fourbeat.errors import AwsError
from fourbeat.iam._principal import Principal
from fourbeat.store import Schema, Store

SCHEMA = Schema(
    "identities",
    [
        """
        create table iam_users (
            name text primary key,
            user_id text not null unique,
            path text not null,
            created real not null,
            tags text not null default '{}',
            boundary text
        );
        create table iam_roles (
            name text primary key,
            role_id text not null unique,
            path text not null,
            created real not null,
            trust_policy text not null,
            description text,
            max_session real not null default 3600,
            tags text not null default '{}',
            boundary text
        );
        create table access_keys (
            access_key_id text primary key,
            secret text not null,
            session_token text,
            user_name text,
            role_name text,
            session_name text,
            expires real,
            status text not null default 'Active',
            created real not null
        )
        """
    ],
)

ADMIN_USER = "admin"
ADMIN_ACCESS_KEY = "AKIAFOURBEATADMIN000"
ADMIN_SECRET_KEY = "fourbeat/admin/secret/key/for/local/use/only"
_ID_CHARS = string.ascii_uppercase + string.digits


def new_id(prefix: str, length: int = 21) -> str:
    """An IAM-style identifier: ``AIDA``/``AROA``/``AKIA``/``ASIA`` plus upper-case characters."""
    return prefix + "".join(secrets.choice(_ID_CHARS) for _ in range(length - len(prefix)))


@dataclass(frozen=True)
class Role:
    name: str
    role_id: str
    arn: str
    max_session: float


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    expiration: float | None = None


class Identities:
    def __init__(self, store: Store, account: str, now: float) -> None:
        self._db = store.db
        self.account = account
        store.migrate(SCHEMA)
        self._ensure_admin(now)
        self.admin = self._user_principal(ADMIN_USER)

    def _ensure_admin(self, now: float) -> None:
        with self._db.transaction() as db:
            db.execute(
                "insert or ignore into iam_users (name, user_id, path, created) "
                "values (?, ?, '/', ?)",
                (ADMIN_USER, new_id("AIDA"), now),
            )
            db.execute(
                "insert or ignore into access_keys "
                "(access_key_id, secret, user_name, created) values (?, ?, ?, ?)",
                (ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY, ADMIN_USER, now),
            )

    def principal_for(self, access_key_id: str | None, now: float) -> Principal:
        """The principal whose key signs a call; unknown keys are the default administrator."""
        if not access_key_id:
            return self.admin
        row = self._db.read().execute(
            "select * from access_keys where access_key_id = ?", (access_key_id,)
        ).fetchone()
        if row is None:
            if access_key_id.startswith("ASIA"):
                raise AwsError(
                    "InvalidClientTokenId",
                    "The security token included in the request is invalid.",
                    403,
                )
            return self.admin
        if row["status"] != "Active":
            raise AwsError(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
                403,
            )
        if row["expires"] is not None and row["expires"] <= now:
            raise AwsError("ExpiredToken", "The security token included in the request is expired", 400)
        if row["role_name"]:
            return self._session_principal(row)
        return self._user_principal(row["user_name"])

    def _user_principal(self, name: str) -> Principal:
        row = self._db.read().execute("select * from iam_users where name = ?", (name,)).fetchone()
        if row is None:
            raise AwsError(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
                403,
            )
        arn = f"arn:aws:iam::{self.account}:user{row['path']}{name}"
        return Principal(arn, self.account, row["user_id"], tags=json.loads(row["tags"]))

    def _session_principal(self, key: sqlite3.Row) -> Principal:
        role = self._db.read().execute(
            "select * from iam_roles where name = ?", (key["role_name"],)
        ).fetchone()
        if role is None:
            raise AwsError(
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
                403,
            )
        return Principal(
            arn=f"arn:aws:sts::{self.account}:assumed-role/{role['name']}/{key['session_name']}",
            account=self.account,
            user_id=f"{role['role_id']}:{key['session_name']}",
            role_arn=f"arn:aws:iam::{self.account}:role{role['path']}{role['name']}",
            tags=json.loads(role["tags"]),
        )

    def role(self, name: str) -> Role | None:
        row = self._db.read().execute("select * from iam_roles where name = ?", (name,)).fetchone()
        if row is None:
            return None
        arn = f"arn:aws:iam::{self.account}:role{row['path']}{name}"
        return Role(name, row["role_id"], arn, row["max_session"])

    def issue_session(
        self, role_name: str, session_name: str, now: float, duration: float
    ) -> Credentials:
        """Mint temporary credentials for a role session (what STS AssumeRole returns)."""
        creds = Credentials(
            access_key_id=new_id("ASIA", 20),
            secret_access_key=secrets.token_urlsafe(30)[:40],
            session_token=secrets.token_urlsafe(96),
            expiration=now + duration,
        )
        with self._db.transaction() as db:
            db.execute(
                "insert into access_keys (access_key_id, secret, session_token, role_name, "
                "session_name, expires, created) values (?, ?, ?, ?, ?, ?, ?)",
                (
                    creds.access_key_id,
                    creds.secret_access_key,
                    creds.session_token,
                    role_name,
                    session_name,
                    creds.expiration,
                    now,
                ),
            )
        return creds
