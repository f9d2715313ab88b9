"""Customer managed policies: create, read, list, delete and tag.

A managed policy's document lives in its versions (``_versions``); the policy names the default
one. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
"""

from __future__ import annotations

import json

from fourbeat.errors import AwsError
from fourbeat.iam import new_id
from fourbeat.iam._policy_documents import PolicyKind, policy_size, validate_policy
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.iam._common import (
    merge_tags,
    paginate,
    remove_tags,
    request_tag_context,
)
from fourbeat.services.iam._policies import PolicyLookup, PolicyView, local_view

MANAGED_POLICY_SIZE = 6144
_QUOTA = "TagsPerPolicy"


def check_managed_document(text: str) -> None:
    """A managed policy version's document, as CreatePolicy and CreatePolicyVersion check it."""
    validate_policy(text, PolicyKind.MANAGED)
    if policy_size(text) > MANAGED_POLICY_SIZE:
        raise AwsError(
            "LimitExceededException", f"Cannot exceed quota for PolicySize: {MANAGED_POLICY_SIZE}"
        )


class ManagedPolicies(PolicyLookup):
    def CreatePolicy(self, request: Request, params: Params) -> Response:
        name, path = params["PolicyName"], params.get("Path", "/")
        tags = params.get("Tags", [])
        arn = self.arn("policy", path, name)
        context = request_tag_context(tags)
        self.authorize(request, "iam:CreatePolicy", arn, context)
        if tags:
            self.authorize(request, "iam:TagPolicy", arn, context)
        merged = merge_tags([], tags, fold_case=False, quota=_QUOTA)
        document = params["PolicyDocument"]
        check_managed_document(document)
        now = self.now()
        with self.db.transaction() as db:
            if db.execute("select 1 from iam_policies where name = ?", (name,)).fetchone():
                raise AwsError(
                    "EntityAlreadyExistsException",
                    f"A policy called {name} already exists. Duplicate names are not allowed.",
                )
            db.execute(
                "insert into iam_policies (arn, policy_id, name, path, description, created, "
                "updated, default_version, next_version, tags) "
                "values (?, ?, ?, ?, ?, ?, ?, 'v1', 2, ?)",
                (
                    arn,
                    new_id("ANPA"),
                    name,
                    path,
                    params.get("Description"),
                    now,
                    now,
                    json.dumps(merged),
                ),
            )
            db.execute(
                "insert into iam_policy_versions (arn, version_id, document, created) "
                "values (?, 'v1', ?, ?)",
                (arn, document, now),
            )
        return {"Policy": self.policy_shape(self.require_policy(arn), full=True)}

    def GetPolicy(self, request: Request, params: Params) -> Response:
        arn = params["PolicyArn"]
        self.check_policy_arn(arn)
        self.authorize(request, "iam:GetPolicy", arn)
        return {"Policy": self.policy_shape(self.require_policy(arn), full=True)}

    def ListPolicies(self, request: Request, params: Params) -> Response:
        self.authorize(request, "iam:ListPolicies", "*")
        scope = params.get("Scope", "All")
        views: list[PolicyView] = []
        if scope in ("All", "AWS"):
            views += [
                p
                for p in map(self.find_policy, (a.arn for a in self.aws_policies.all()))
                if p is not None
            ]
        if scope in ("All", "Local"):
            rows = self.db.read().execute("select * from iam_policies").fetchall()
            views += [local_view(r) for r in rows]
        prefix = params.get("PathPrefix", "/")
        shapes = [self.policy_shape(v, full=False) for v in views if v.path.startswith(prefix)]
        if params.get("OnlyAttached"):
            shapes = [s for s in shapes if _in_use(s, params.get("PolicyUsageFilter"))]
        page, extra = paginate(shapes, params, lambda s: f"{s['PolicyName'].lower()} {s['Arn']}")
        return {"Policies": page, **extra}

    def DeletePolicy(self, request: Request, params: Params) -> Response:
        arn = params["PolicyArn"]
        self.check_policy_arn(arn)
        self.authorize(request, "iam:DeletePolicy", arn)
        policy = self.require_policy(arn)
        if policy.aws_managed:
            raise AwsError("InvalidInputException", f"Cannot delete AWS managed policy {arn}.")
        shape = self.policy_shape(policy, full=False)
        if shape["AttachmentCount"] or shape["PermissionsBoundaryUsageCount"]:
            raise AwsError(
                "DeleteConflictException", "Cannot delete a policy attached to entities."
            )
        with self.db.transaction() as db:
            versions = db.execute(
                "select count(*) from iam_policy_versions where arn = ?", (arn,)
            ).fetchone()[0]
            if versions > 1:
                raise AwsError(
                    "DeleteConflictException",
                    "This policy has more than one version. Before you delete a policy, you "
                    "must delete the policy's versions. The default version is deleted with "
                    "the policy.",
                )
            db.execute("delete from iam_policies where arn = ?", (arn,))
        return {}

    def TagPolicy(self, request: Request, params: Params) -> Response:
        policy = self._local_policy(request, "iam:TagPolicy", params, params["Tags"])
        merged = merge_tags(policy.tags, params["Tags"], fold_case=False, quota=_QUOTA)
        self._set_policy_tags(policy.arn, merged)
        return {}

    def UntagPolicy(self, request: Request, params: Params) -> Response:
        keys = params["TagKeys"]
        policy = self._local_policy(request, "iam:UntagPolicy", params, [], {"aws:TagKeys": keys})
        self._set_policy_tags(policy.arn, remove_tags(policy.tags, keys, fold_case=False))
        return {}

    def ListPolicyTags(self, request: Request, params: Params) -> Response:
        policy = self._local_policy(request, "iam:ListPolicyTags", params, [])
        page, extra = paginate(policy.tags, params, lambda t: t["Key"])
        return {"Tags": page, **extra}

    def _local_policy(
        self,
        request: Request,
        action: str,
        params: Params,
        tags: list[dict[str, str]],
        context: dict[str, object] | None = None,
    ) -> PolicyView:
        arn = params["PolicyArn"]
        self.check_policy_arn(arn)
        self.authorize(request, action, arn, {**request_tag_context(tags), **(context or {})})
        policy = self.require_policy(arn)
        if policy.aws_managed:
            raise AwsError("InvalidInputException", f"AWS managed policy {arn} cannot be tagged.")
        return policy

    def _set_policy_tags(self, arn: str, tags: list[dict[str, str]]) -> None:
        with self.db.transaction() as db:
            db.execute("update iam_policies set tags = ? where arn = ?", (json.dumps(tags), arn))


def _in_use(shape: Response, usage: str | None) -> bool:
    """ListPolicies' OnlyAttached, narrowed by PolicyUsageFilter."""
    if usage == "PermissionsPolicy":
        return bool(shape["AttachmentCount"])
    if usage == "PermissionsBoundary":
        return bool(shape["PermissionsBoundaryUsageCount"])
    return bool(shape["AttachmentCount"] or shape["PermissionsBoundaryUsageCount"])
