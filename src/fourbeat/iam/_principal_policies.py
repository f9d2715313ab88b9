"""The policies that speak for a principal: its identity policies (inline and attached), its
permissions boundary and, for a role session, the session policies it was created with.

Read from the IAM tables and compiled once; the answer is kept until ``iam_generation`` moves
(any change to a user, role, key, policy or attachment, in any process), as the request's
``Identities.principal_for`` read it.

Depends on ``store`` (through the database), ``_compiled``, ``_evaluation`` and
``_aws_managed``.
"""

from __future__ import annotations

import sqlite3
import threading

from fourbeat.iam._aws_managed import AwsManagedPolicies
from fourbeat.iam._compiled import CompiledPolicy, compile_policy
from fourbeat.iam._evaluation import PolicySet
from fourbeat.iam._identities import Identities
from fourbeat.iam._principal import Principal
from fourbeat.store import Database

_ATTACHED = (
    "select a.policy_arn, v.document from iam_attachments a "
    "left join iam_policies p on p.arn = a.policy_arn "
    "left join iam_policy_versions v on v.arn = p.arn and v.version_id = p.default_version "
    "where a.owner_id = ?"
)


class PrincipalPolicies:
    def __init__(
        self, db: Database, identities: Identities, managed: AwsManagedPolicies | None = None
    ) -> None:
        self._db = db
        self._identities = identities
        self._managed_policies = managed or AwsManagedPolicies.packaged()
        self._lock = threading.Lock()
        self._generation = -1
        self._cache: dict[tuple[str, str | None, tuple[str, ...]], PolicySet] = {}

    def of(self, principal: Principal) -> PolicySet:
        """The principal's policies, without any resource policy."""
        key = (principal.user_id, principal.session_policy, principal.session_policy_arns)
        conn = self._db.read()
        generation = self._identities.generation
        with self._lock:
            if generation != self._generation:
                self._cache.clear()
                self._generation = generation
            found = self._cache.get(key)
        if found is None:
            found = self._load(conn, principal)
            with self._lock:
                self._cache[key] = found
        return found

    def _load(self, conn: sqlite3.Connection, principal: Principal) -> PolicySet:
        owner = principal.user_id.split(":", 1)[0]  # a session's user id is ROLEID:SESSION
        identity = [
            compile_policy(row["document"], name=row["name"])
            for row in conn.execute(
                "select name, document from iam_inline_policies where owner_id = ?", (owner,)
            )
        ]
        attached = conn.execute(_ATTACHED, (owner,)).fetchall()
        identity += self._managed(conn, [(row["policy_arn"], row["document"]) for row in attached])
        session = self._managed(conn, [(arn, None) for arn in principal.session_policy_arns])
        if principal.session_policy:
            session.insert(0, compile_policy(principal.session_policy, name="session policy"))
        boundary_arn = _boundary(conn, owner)
        boundary = self._managed(conn, [(boundary_arn, None)]) if boundary_arn else []
        return PolicySet(
            identity=tuple(identity),
            boundary=boundary[0] if boundary else None,
            session=tuple(session),
        )

    def _managed(
        self, conn: sqlite3.Connection, policies: list[tuple[str, str | None]]
    ) -> list[CompiledPolicy]:
        """Managed policies by ARN (with their document when already read); one deleted
        since it was named grants nothing and is left out."""
        compiled = []
        for arn, document in policies:
            if document is None:
                aws = self._managed_policies.get(arn)
                document = aws.document if aws is not None else _customer_document(conn, arn)
            if document is not None:
                compiled.append(compile_policy(document, name=arn))
        return compiled


def _customer_document(conn: sqlite3.Connection, arn: str) -> str | None:
    row = conn.execute(
        "select v.document from iam_policies p join iam_policy_versions v "
        "on v.arn = p.arn and v.version_id = p.default_version where p.arn = ?",
        (arn,),
    ).fetchone()
    return None if row is None else str(row["document"])


def _boundary(conn: sqlite3.Connection, owner: str) -> str | None:
    for table, column in (("iam_users", "user_id"), ("iam_roles", "role_id")):
        row = conn.execute(f"select boundary from {table} where {column} = ?", (owner,)).fetchone()
        if row is not None:
            return str(row["boundary"]) if row["boundary"] else None
    return None
