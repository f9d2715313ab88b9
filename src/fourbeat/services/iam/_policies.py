"""Finding managed policies by ARN: the account's own (customer managed) and AWS's.

An AWS managed policy is known only if fourbeat's snapshot holds it (``iam._aws_managed``);
naming another is NoSuchEntity, with a note that says why, rather than an invented document.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import cached_property

from fourbeat.errors import AwsError
from fourbeat.iam._aws_managed import AwsManagedPolicies
from fourbeat.services._base import Response
from fourbeat.services.iam._common import IamBase, date, no_such_entity, tag_list, tags_member

_POLICY_ARN = re.compile(r"^arn:aws:iam::(\d{12}|aws):policy(/(?:[^/]+/)*)([\w+=,.@-]+)$")
POLICIES_PER_ENTITY = 10
"""Managed policies attached to one user or role (AWS's default quota)."""


@dataclass(frozen=True)
class PolicyView:
    """A managed policy as the IAM API describes it, whoever manages it."""

    arn: str
    name: str
    policy_id: str
    path: str
    default_version: str
    created: float
    updated: float
    description: str | None
    tags: list[dict[str, str]]
    aws_managed: bool


def invalid_arn(arn: str) -> AwsError:
    return AwsError("InvalidInputException", f"ARN {arn} is not valid.")


def not_attachable(arn: str) -> AwsError:
    return no_such_entity(f"Policy {arn} does not exist or is not attachable.{_snapshot_note(arn)}")


def _snapshot_note(arn: str) -> str:
    if arn.startswith("arn:aws:iam::aws:"):
        return " (fourbeat's snapshot of AWS managed policies does not hold it.)"
    return ""


class PolicyLookup(IamBase):
    @cached_property
    def aws_policies(self) -> AwsManagedPolicies:
        return AwsManagedPolicies.packaged()

    def check_policy_arn(self, arn: str) -> None:
        if _POLICY_ARN.match(arn) is None:
            raise invalid_arn(arn)

    def find_policy(self, arn: str) -> PolicyView | None:
        self.check_policy_arn(arn)
        if arn.startswith("arn:aws:iam::aws:"):
            known = self.aws_policies.get(arn)
            if known is None:
                return None
            return PolicyView(
                known.arn,
                known.name,
                known.policy_id,
                known.path,
                known.default_version,
                known.created,
                known.updated,
                known.description,
                [],
                True,
            )
        row = self.db.read().execute("select * from iam_policies where arn = ?", (arn,)).fetchone()
        return None if row is None else local_view(row)

    def require_policy(self, arn: str) -> PolicyView:
        """The policy, or NoSuchEntity as GetPolicy words it."""
        policy = self.find_policy(arn)
        if policy is None:
            raise no_such_entity(f"Policy {arn} was not found.{_snapshot_note(arn)}")
        return policy

    def require_attachable(self, arn: str) -> PolicyView:
        policy = self.find_policy(arn)
        if policy is None:
            raise not_attachable(arn)
        return policy

    def require_boundary(self, arn: str) -> None:
        """A permissions boundary must be a managed policy that exists."""
        self.require_attachable(arn)

    def policy_shape(self, policy: PolicyView, *, full: bool) -> Response:
        """The Policy shape; ListPolicies leaves out the description and tags."""
        db = self.db.read()
        attachments = db.execute(
            "select count(*) from iam_attachments where policy_arn = ?", (policy.arn,)
        ).fetchone()[0]
        boundaries = db.execute(
            "select (select count(*) from iam_users where boundary = ?) "
            "+ (select count(*) from iam_roles where boundary = ?)",
            (policy.arn, policy.arn),
        ).fetchone()[0]
        shape: Response = {
            "PolicyName": policy.name,
            "PolicyId": policy.policy_id,
            "Arn": policy.arn,
            "Path": policy.path,
            "DefaultVersionId": policy.default_version,
            "AttachmentCount": attachments,
            "PermissionsBoundaryUsageCount": boundaries,
            "IsAttachable": True,
            "CreateDate": date(policy.created),
            "UpdateDate": date(policy.updated),
        }
        if full:
            if policy.description:
                shape["Description"] = policy.description
            shape.update(tags_member(policy.tags))
        return shape


def local_view(row: sqlite3.Row) -> PolicyView:
    return PolicyView(
        row["arn"],
        row["name"],
        row["policy_id"],
        row["path"],
        row["default_version"],
        row["created"],
        row["updated"],
        row["description"],
        tag_list(row["tags"]),
        False,
    )
