"""Users, roles, access keys and policies: the identities behind every call's credentials.

An access key maps to a principal: an IAM user's long-term key (``AKIA…``), or temporary
credentials (``ASIA…``) minted by STS: a role session (AssumeRole) or a user's session
(GetSessionToken), each with an expiry. Keys this cloud never issued, and calls without
credentials, are the default administrator: the person at the keyboard, whose own AWS
configuration fourbeat neither needs nor reads. A key this cloud issued and later deleted stays
known (as ``Deleted``) so that it is refused, not mistaken for an unknown key.

The tables here are the IAM service's data; ``services/iam`` reads and writes them, and policy
evaluation reads them through this module. Depends on ``store`` and ``errors`` only.
"""

from __future__ import annotations

import json
import math
import secrets
import sqlite3
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fourbeat.errors import AwsError
from fourbeat.iam._principal import Principal
from fourbeat.iam._trust import trusts_service
from fourbeat.store import Schema, Store


def _generation_triggers(*tables: str) -> str:
    """Triggers that count every change of ``tables`` in ``iam_generation``."""
    return "".join(
        f"""
        create trigger iam_generation_{table}_{event} after {event} on {table}
        begin update iam_generation set value = value + 1; end;
        """
        for table in tables
        for event in ("insert", "update", "delete")
    )


SCHEMA = Schema(
    "identities",
    [
        """
        create table iam_users (
            user_id text primary key,
            name text not null collate nocase unique,
            path text not null,
            created real not null,
            tags text not null default '[]',
            boundary text
        );
        create table iam_roles (
            role_id text primary key,
            name text not null collate nocase unique,
            path text not null,
            created real not null,
            trust_policy text not null,
            description text,
            max_session integer not null default 3600,
            tags text not null default '[]',
            boundary text,
            last_used real,
            last_used_region text
        );
        create table access_keys (
            access_key_id text primary key,
            secret text not null,
            session_token text,
            user_id text,
            role_id text,
            session_name text,
            session_tags text not null default '[]',
            transitive_keys text not null default '[]',
            source_identity text,
            session_policy text,
            session_policy_arns text not null default '[]',
            expires real,
            status text not null default 'Active',
            created real not null,
            last_used real,
            last_used_service text,
            last_used_region text
        );
        create index access_keys_user on access_keys (user_id, status);
        create table iam_inline_policies (
            owner_id text not null,
            name text not null,
            document text not null,
            primary key (owner_id, name)
        );
        create table iam_policies (
            arn text primary key,
            policy_id text not null unique,
            name text not null collate nocase unique,
            path text not null,
            description text,
            created real not null,
            updated real not null,
            default_version text not null,
            next_version integer not null,
            tags text not null default '[]'
        );
        create table iam_policy_versions (
            arn text not null references iam_policies (arn) on delete cascade,
            version_id text not null,
            document text not null,
            created real not null,
            primary key (arn, version_id)
        );
        create table iam_attachments (
            policy_arn text not null,
            owner_id text not null,
            owner_kind text not null,
            attached real not null,
            primary key (policy_arn, owner_id)
        );
        create index iam_attachments_owner on iam_attachments (owner_id)
        """,
        # Every call maps its access key to a principal; that answer is cached until an
        # identity changes, which these triggers count (in any process).
        """
        create table iam_generation (value integer not null);
        insert into iam_generation values (0);
        """
        + _generation_triggers("iam_users", "iam_roles", "access_keys"),
        # Policies change what a principal may do: the authorizer's cache follows them too.
        _generation_triggers(
            "iam_inline_policies", "iam_policies", "iam_policy_versions", "iam_attachments"
        ),
        # What IAM decided, for `fourbeat iam log` and least-privilege policies from real runs.
        """
        create table iam_decisions (
            id integer primary key,
            at real not null,
            principal text not null,
            action text not null,
            resource text not null,
            allowed integer not null,
            reason text
        );
        create index iam_decisions_principal on iam_decisions (principal)
        """,
    ],
)

ADMIN_USER = "admin"
ADMIN_ACCESS_KEY = "AKIAFOURBEATADMIN000"
ADMIN_SECRET_KEY = "fourbeat/admin/secret/key/for/local/use/only"
USAGE_GRANULARITY = 60.0
"""Seconds between two records of a key's use: AWS's last-used data is itself eventually
consistent, and this keeps every call from being a write."""

_ID_CHARS = string.ascii_uppercase + string.digits
_SECRET_CHARS = string.ascii_letters + string.digits + "+/"
_INVALID_TOKEN = "The security token included in the request is invalid."


def new_id(prefix: str, length: int = 21) -> str:
    """An IAM-style identifier: ``AIDA``/``AROA``/``AKIA``/``ASIA`` plus upper-case characters."""
    return prefix + "".join(secrets.choice(_ID_CHARS) for _ in range(length - len(prefix)))


def new_secret() -> str:
    """A 40-character secret access key, in the alphabet AWS's secrets use."""
    return "".join(secrets.choice(_SECRET_CHARS) for _ in range(40))


def tag_dict(tags_json: str) -> dict[str, str]:
    """The stored ``[{"Key", "Value"}]`` list as a mapping."""
    return {tag["Key"]: tag["Value"] for tag in json.loads(tags_json)}


def invalid_token() -> AwsError:
    return AwsError("InvalidClientTokenId", _INVALID_TOKEN, 403)


@dataclass(frozen=True)
class Role:
    name: str
    role_id: str
    arn: str
    max_session: float
    path: str = "/"
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    secret_access_key: str
    session_token: str | None = None
    expiration: float | None = None


@dataclass(frozen=True)
class SessionSpec:
    """What a role session carries besides its role: AssumeRole's optional parameters."""

    tags: Sequence[Mapping[str, str]] = ()
    transitive_keys: Sequence[str] = ()
    source_identity: str | None = None
    policy: str | None = None
    policy_arns: Sequence[str] = ()
    region: str | None = None
    """Where the role was assumed (GetRole's RoleLastUsed.Region)."""


class Identities:
    def __init__(self, store: Store, account: str, now: float) -> None:
        self._db = store.db
        self.account = account
        self._generation = -1
        self._principals: dict[str, tuple[Principal, float]] = {}
        """Access key -> (principal, until when), valid while ``iam_generation`` stands still."""
        store.migrate(SCHEMA)
        self._ensure_admin(now)

    def _ensure_admin(self, now: float) -> None:
        with self._db.transaction() as db:
            user = db.execute("select user_id from iam_users where name = ?", (ADMIN_USER,))
            found = user.fetchone()
            if found is not None:
                _grant_everything(db, found["user_id"])
                return
            if db.execute(
                "select 1 from access_keys where access_key_id = ?", (ADMIN_ACCESS_KEY,)
            ).fetchone():
                return  # the admin user was renamed; its key still names it
            user_id = new_id("AIDA")
            db.execute(
                "insert into iam_users (user_id, name, path, created) values (?, ?, '/', ?)",
                (user_id, ADMIN_USER, now),
            )
            db.execute(
                "insert into access_keys (access_key_id, secret, user_id, created) "
                "values (?, ?, ?, ?)",
                (ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY, user_id, now),
            )
            _grant_everything(db, user_id)

    @property
    def admin(self) -> Principal:
        """The default administrator: the user that owns the built-in access key."""
        row = (
            self._db.read()
            .execute("select user_id from access_keys where access_key_id = ?", (ADMIN_ACCESS_KEY,))
            .fetchone()
        )
        return self.user_principal(row["user_id"])

    @property
    def generation(self) -> int:
        """``iam_generation`` as the last call's ``principal_for`` read it: every request reads
        it once, and what else caches IAM state for the request (its policies) reuses it."""
        return self._generation

    def principal_for(
        self,
        access_key_id: str | None,
        now: float,
        *,
        service: str | None = None,
        region: str | None = None,
    ) -> Principal:
        """The principal whose key signs a call; unknown keys are the default administrator.

        With ``service`` and ``region``, the use is recorded for GetAccessKeyLastUsed.
        """
        if not access_key_id:
            access_key_id = ADMIN_ACCESS_KEY
        generation = self._db.read().execute("select value from iam_generation").fetchone()[0]
        if generation != self._generation:
            self._principals.clear()
            self._generation = generation
        cached = self._principals.get(access_key_id)
        if cached is not None and cached[1] > now:
            return cached[0]
        principal, recheck = self._principal_from_store(access_key_id, now, service, region)
        self._principals[access_key_id] = (principal, recheck)
        return principal

    def _principal_from_store(
        self, access_key_id: str, now: float, service: str | None, region: str | None
    ) -> tuple[Principal, float]:
        """The principal, and when to look again: at expiry, or when its use is due a record."""
        row = (
            self._db.read()
            .execute("select * from access_keys where access_key_id = ?", (access_key_id,))
            .fetchone()
        )
        if row is None:
            if access_key_id.startswith("ASIA"):
                raise invalid_token()
            return self.admin, math.inf
        if row["status"] != "Active":
            raise invalid_token()
        if row["expires"] is not None and row["expires"] <= now:
            raise AwsError(
                "ExpiredToken", "The security token included in the request is expired", 400
            )
        recheck = math.inf if row["expires"] is None else row["expires"]
        if service is not None and row["session_token"] is None:
            last_used = self._record_use(row, now, service, region or "")
            recheck = min(recheck, last_used + USAGE_GRANULARITY)
        if row["role_id"]:
            return self._session_principal(row), recheck
        temporary = row["session_token"] is not None
        return self.user_principal(row["user_id"], temporary=temporary), recheck

    def _record_use(self, key: sqlite3.Row, now: float, service: str, region: str) -> float:
        """Record a use unless one was recorded lately; when the recorded use was."""
        if key["last_used"] is not None and now - key["last_used"] < USAGE_GRANULARITY:
            return float(key["last_used"])
        with self._db.transaction() as db:
            db.execute(
                "update access_keys set last_used = ?, last_used_service = ?, "
                "last_used_region = ? where access_key_id = ?",
                (now, service, region, key["access_key_id"]),
            )
        return now

    def user_principal(self, user_id: str, *, temporary: bool = False) -> Principal:
        row = (
            self._db.read()
            .execute("select * from iam_users where user_id = ?", (user_id,))
            .fetchone()
        )
        if row is None:
            raise invalid_token()
        arn = f"arn:aws:iam::{self.account}:user{row['path']}{row['name']}"
        tags = tag_dict(row["tags"])
        return Principal(arn, self.account, row["user_id"], tags=tags, temporary=temporary)

    def _session_principal(self, key: sqlite3.Row) -> Principal:
        role = (
            self._db.read()
            .execute("select * from iam_roles where role_id = ?", (key["role_id"],))
            .fetchone()
        )
        if role is None:
            raise invalid_token()
        session_tags = tag_dict(key["session_tags"])
        # Session tags override the role's tags with the same key, whatever its case:
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
        overridden = {k.lower() for k in session_tags}
        tags = {k: v for k, v in tag_dict(role["tags"]).items() if k.lower() not in overridden}
        tags.update(session_tags)
        return Principal(
            arn=f"arn:aws:sts::{self.account}:assumed-role/{role['name']}/{key['session_name']}",
            account=self.account,
            user_id=f"{role['role_id']}:{key['session_name']}",
            role_arn=f"arn:aws:iam::{self.account}:role{role['path']}{role['name']}",
            tags=tags,
            temporary=True,
            session_tags=session_tags,
            transitive_tag_keys=tuple(json.loads(key["transitive_keys"])),
            source_identity=key["source_identity"],
            session_policy=key["session_policy"],
            session_policy_arns=tuple(json.loads(key["session_policy_arns"])),
        )

    def role(self, name: str) -> Role | None:
        row = self._db.read().execute("select * from iam_roles where name = ?", (name,)).fetchone()
        if row is None:
            return None
        arn = f"arn:aws:iam::{self.account}:role{row['path']}{row['name']}"
        return Role(
            row["name"], row["role_id"], arn, row["max_session"], row["path"], tag_dict(row["tags"])
        )

    def trust_policy(self, role_name: str) -> str | None:
        """The role's trust policy document (None: no such role)."""
        row = (
            self._db.read()
            .execute("select trust_policy from iam_roles where name = ?", (role_name,))
            .fetchone()
        )
        return None if row is None else str(row[0])

    def trusts(self, role_name: str, service: str, region: str) -> bool:
        """Whether the role exists and its trust policy lets ``service`` (``states``) assume
        it."""
        row = (
            self._db.read()
            .execute("select trust_policy from iam_roles where name = ?", (role_name,))
            .fetchone()
        )
        return row is not None and trusts_service(json.loads(row[0]), service, region)

    def issue_session(
        self,
        role_name: str,
        session_name: str,
        now: float,
        duration: float,
        spec: SessionSpec | None = None,
    ) -> Credentials:
        """Mint temporary credentials for a role session (what STS AssumeRole returns)."""
        role = self.role(role_name)
        if role is None:
            raise KeyError(f"no role named {role_name}")
        spec = spec or SessionSpec()
        creds = _temporary_credentials(now + duration)
        with self._db.transaction() as db:
            db.execute(
                "insert into access_keys (access_key_id, secret, session_token, role_id, "
                "session_name, session_tags, transitive_keys, source_identity, session_policy, "
                "session_policy_arns, expires, created) "
                "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    creds.access_key_id,
                    creds.secret_access_key,
                    creds.session_token,
                    role.role_id,
                    session_name,
                    json.dumps([dict(tag) for tag in spec.tags]),
                    json.dumps(list(spec.transitive_keys)),
                    spec.source_identity,
                    spec.policy,
                    json.dumps(list(spec.policy_arns)),
                    creds.expiration,
                    now,
                ),
            )
            db.execute(
                "update iam_roles set last_used = ?, last_used_region = ? where role_id = ?",
                (now, spec.region, role.role_id),
            )
        return creds

    def issue_user_session(self, user_id: str, now: float, duration: float) -> Credentials:
        """Temporary credentials that act as the user itself (what GetSessionToken returns)."""
        creds = _temporary_credentials(now + duration)
        with self._db.transaction() as db:
            db.execute(
                "insert into access_keys (access_key_id, secret, session_token, user_id, "
                "expires, created) values (?, ?, ?, ?, ?, ?)",
                (
                    creds.access_key_id,
                    creds.secret_access_key,
                    creds.session_token,
                    user_id,
                    creds.expiration,
                    now,
                ),
            )
        return creds


ADMIN_POLICY_NAME = "AdministratorAccess"
ADMIN_POLICY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


def _grant_everything(db: sqlite3.Connection, user_id: str) -> None:
    """The default administrator may do anything, by an ordinary inline policy (listed by
    ListUserPolicies like any other): IAM decides for it as for every principal."""
    db.execute(
        "insert or ignore into iam_inline_policies (owner_id, name, document) values (?, ?, ?)",
        (user_id, ADMIN_POLICY_NAME, ADMIN_POLICY),
    )


def _temporary_credentials(expiration: float) -> Credentials:
    return Credentials(
        access_key_id=new_id("ASIA", 20),
        secret_access_key=new_secret(),
        session_token=secrets.token_urlsafe(96),
        expiration=expiration,
    )
