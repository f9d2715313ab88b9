"""Versions of a managed policy: at most five, one of them the default.

https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
"""

from __future__ import annotations

import sqlite3
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.iam._common import date, encode_document, no_such_entity, paginate
from fourbeat.services.iam._managed import check_managed_document
from fourbeat.services.iam._policies import PolicyLookup, PolicyView

VERSIONS_PER_POLICY = 5


class PolicyVersions(PolicyLookup):
    def CreatePolicyVersion(self, request: Request, params: Params) -> Response:
        policy = self._policy(request, "iam:CreatePolicyVersion", params)
        self._refuse_aws_managed(policy)
        document = params["PolicyDocument"]
        check_managed_document(document)
        now = self.now()
        with self.db.transaction() as db:
            row = db.execute(
                "select next_version from iam_policies where arn = ?", (policy.arn,)
            ).fetchone()
            count = db.execute(
                "select count(*) from iam_policy_versions where arn = ?", (policy.arn,)
            ).fetchone()[0]
            if count >= VERSIONS_PER_POLICY:
                raise AwsError(
                    "LimitExceededException",
                    "A managed policy can have up to 5 versions. Before you create a new "
                    "version, you must delete an existing version.",
                )
            version = f"v{row['next_version']}"
            db.execute(
                "insert into iam_policy_versions (arn, version_id, document, created) "
                "values (?, ?, ?, ?)",
                (policy.arn, version, document, now),
            )
            db.execute(
                "update iam_policies set next_version = next_version + 1 where arn = ?",
                (policy.arn,),
            )
            if params.get("SetAsDefault"):
                _set_default(db, policy.arn, version, now)
        default = bool(params.get("SetAsDefault"))
        return {
            "PolicyVersion": {
                "VersionId": version,
                "IsDefaultVersion": default,
                "CreateDate": date(now),
            }
        }

    def GetPolicyVersion(self, request: Request, params: Params) -> Response:
        policy = self._policy(request, "iam:GetPolicyVersion", params)
        version = params["VersionId"]
        row = self._version(policy, version)
        return {
            "PolicyVersion": {
                "Document": encode_document(row["document"]),
                "VersionId": version,
                "IsDefaultVersion": version == policy.default_version,
                "CreateDate": date(row["created"]),
            }
        }

    def ListPolicyVersions(self, request: Request, params: Params) -> Response:
        policy = self._policy(request, "iam:ListPolicyVersions", params)
        if policy.aws_managed:
            versions: list[dict[str, Any]] = [
                {"version_id": policy.default_version, "created": policy.updated}
            ]
        else:
            rows = (
                self.db.read()
                .execute(
                    "select version_id, created from iam_policy_versions where arn = ?",
                    (policy.arn,),
                )
                .fetchall()
            )
            versions = [dict(r) for r in rows]
        # Newest first, as IAM lists them.
        page, extra = paginate(versions, params, lambda v: f"{10**9 - _number(v):010d}")
        shapes = [
            {
                "VersionId": v["version_id"],
                "IsDefaultVersion": v["version_id"] == policy.default_version,
                "CreateDate": date(v["created"]),
            }
            for v in page
        ]
        return {"Versions": shapes, **extra}

    def DeletePolicyVersion(self, request: Request, params: Params) -> Response:
        policy = self._policy(request, "iam:DeletePolicyVersion", params)
        self._refuse_aws_managed(policy)
        version = params["VersionId"]
        self._version(policy, version)
        if version == policy.default_version:
            raise AwsError(
                "DeleteConflictException", "Cannot delete the default version of a policy."
            )
        with self.db.transaction() as db:
            db.execute(
                "delete from iam_policy_versions where arn = ? and version_id = ?",
                (policy.arn, version),
            )
        return {}

    def SetDefaultPolicyVersion(self, request: Request, params: Params) -> Response:
        policy = self._policy(request, "iam:SetDefaultPolicyVersion", params)
        self._refuse_aws_managed(policy)
        version = params["VersionId"]
        self._version(policy, version)
        with self.db.transaction() as db:
            _set_default(db, policy.arn, version, self.now())
        return {}

    def _policy(self, request: Request, action: str, params: Params) -> PolicyView:
        arn = params["PolicyArn"]
        self.check_policy_arn(arn)
        self.authorize(request, action, arn)
        return self.require_policy(arn)

    def _version(self, policy: PolicyView, version: str) -> dict[str, Any]:
        if policy.aws_managed:
            known = self.aws_policies.get(policy.arn)
            if known is not None and version == known.default_version:
                return {"document": known.document, "created": known.updated}
        else:
            row = (
                self.db.read()
                .execute(
                    "select document, created from iam_policy_versions "
                    "where arn = ? and version_id = ?",
                    (policy.arn, version),
                )
                .fetchone()
            )
            if row is not None:
                return dict(row)
        raise no_such_entity(
            f"Policy {policy.arn} version {version} does not exist or is not attachable."
        )

    @staticmethod
    def _refuse_aws_managed(policy: PolicyView) -> None:
        if policy.aws_managed:
            raise AwsError(
                "InvalidInputException", f"AWS managed policy {policy.arn} cannot be changed."
            )


def _number(version: dict[str, Any]) -> int:
    return int(str(version["version_id"])[1:].split(".")[0])


def _set_default(db: sqlite3.Connection, arn: str, version: str, now: float) -> None:
    db.execute(
        "update iam_policies set default_version = ?, updated = ? where arn = ?",
        (version, now, arn),
    )
