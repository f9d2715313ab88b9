"""STS: who am I, role sessions (AssumeRole), user sessions (GetSessionToken), key owners.

A role's trust policy is not evaluated here: AssumeRole asks the single authorization point for
``sts:AssumeRole`` on the role (and ``sts:TagSession``/``sts:SetSourceIdentity`` when it passes
tags or a source identity), with the condition keys the trust policy would see.
https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from fourbeat.clock import as_datetime
from fourbeat.errors import AwsError
from fourbeat.iam import Credentials, Principal
from fourbeat.iam._identities import Role, SessionSpec
from fourbeat.iam._policy_documents import PolicyKind, validate_policy
from fourbeat.services._base import NotServedError, Params, Request, Response, Service
from fourbeat.services._validation import check_constraints

_ROLE_ARN = re.compile(r"^arn:aws:iam::(\d{12}):role(/(?:[^/]+/)*)([\w+=,.@-]+)$")
CHAINED_SESSION_LIMIT = 3600
"""A role assumed with another role's session lasts at most an hour (role chaining)."""
SESSION_POLICY_SIZE = 2048
USER_SESSION_DURATION = 43200


class STS(Service):
    access_denied_code = "AccessDenied"
    name = "sts"

    def dispatch(self, request: Request, params: Params) -> Response:
        check_constraints(self.name, request.operation, params)
        return super().dispatch(request, params)

    def GetCallerIdentity(self, request: Request, params: Params) -> Response:
        # GetCallerIdentity needs no permission: AWS answers it even under an explicit deny.
        # https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
        principal = request.principal
        return {"UserId": principal.user_id, "Account": principal.account, "Arn": principal.arn}

    def GetAccessKeyInfo(self, request: Request, params: Params) -> Response:
        self.authorize(request, "sts:GetAccessKeyInfo", "*")
        # Every key this cloud answers to belongs to its account (unknown keys sign as its
        # administrator), so that is the account any key id names here.
        return {"Account": self.env.account}

    def GetSessionToken(self, request: Request, params: Params) -> Response:
        _refuse_mfa(params)
        self.authorize(request, "sts:GetSessionToken", "*")
        principal = request.principal
        if principal.temporary:
            raise AwsError(
                "AccessDenied", "Cannot call GetSessionToken with session credentials", 403
            )
        duration = params.get("DurationSeconds", USER_SESSION_DURATION)
        now = self.clock.now()
        creds = self.env.identities.issue_user_session(principal.user_id, now, duration)
        return {"Credentials": _credentials(creds)}

    def AssumeRole(self, request: Request, params: Params) -> Response:
        _refuse_mfa(params)
        role_arn, session_name = params["RoleArn"], params["RoleSessionName"]
        match = _ROLE_ARN.match(role_arn)
        if match is None:
            raise AwsError("ValidationError", f"{role_arn} is invalid", 400)
        tags = params.get("Tags", [])
        self._authorize_assume(request, role_arn, params)
        role = self._role(match, request.principal)
        duration = _duration(params, role, request.principal)
        spec = SessionSpec(
            **_session_tags(request.principal, tags, params.get("TransitiveTagKeys", [])),
            source_identity=_source_identity(request.principal, params.get("SourceIdentity")),
            policy=_session_policy(params.get("Policy")),
            policy_arns=[p["arn"] for p in params.get("PolicyArns", []) if "arn" in p],
            region=request.region,
        )
        now = self.clock.now()
        creds = self.env.identities.issue_session(role.name, session_name, now, duration, spec)
        response: Response = {
            "Credentials": _credentials(creds),
            "AssumedRoleUser": {
                "AssumedRoleId": f"{role.role_id}:{session_name}",
                "Arn": f"arn:aws:sts::{self.env.account}:assumed-role/{role.name}/{session_name}",
            },
        }
        if spec.source_identity:
            response["SourceIdentity"] = spec.source_identity
        return response

    def _authorize_assume(self, request: Request, role_arn: str, params: Params) -> None:
        """The actions a trust policy must allow, with the keys it may test."""
        tags = params.get("Tags", [])
        context: dict[str, object] = {"sts:RoleSessionName": params["RoleSessionName"]}
        for key in ("ExternalId", "SourceIdentity"):
            if key in params:
                context[f"sts:{key}"] = params[key]
        if tags:
            context.update({f"aws:RequestTag/{t['Key']}": t["Value"] for t in tags})
            context["aws:TagKeys"] = [t["Key"] for t in tags]
        if "TransitiveTagKeys" in params:
            context["sts:TransitiveTagKeys"] = params["TransitiveTagKeys"]
        actions = ["sts:AssumeRole"]
        if tags:
            actions.append("sts:TagSession")
        if "SourceIdentity" in params:
            actions.append("sts:SetSourceIdentity")
        # The role's trust policy is its resource policy, and it must allow by itself:
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
        trust = self.env.identities.trust_policy(role_arn.rsplit("/", 1)[-1])
        self.authorize(
            request, actions, role_arn, context, resource_policy=trust, resource_must_allow=True
        )

    def _role(self, match: re.Match[str], principal: Principal) -> Role:
        account, path, name = match.groups()
        role = self.env.identities.role(name) if account == self.env.account else None
        if role is None or role.path != path:
            arn = match.group(0)
            raise AwsError(
                "AccessDenied",
                f"User: {principal.arn} is not authorized to perform: sts:AssumeRole "
                f"on resource: {arn}",
                403,
            )
        return role


def _refuse_mfa(params: Params) -> None:
    for key in ("SerialNumber", "TokenCode", "ProvidedContexts"):
        if key in params:
            raise NotServedError(
                f"fourbeat does not verify STS {key} (MFA devices and trusted context "
                "providers are not part of a local cloud)",
                fix=f"Call without {key}.",
            )


def _duration(params: Params, role: Role, principal: Principal) -> int:
    duration: int = params.get("DurationSeconds", 3600)
    if principal.role_arn is not None and duration > CHAINED_SESSION_LIMIT:
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
        raise AwsError(
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed "
            "by role chaining.",
            400,
        )
    if duration > role.max_session:
        raise AwsError(
            "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
            400,
        )
    return duration


def _session_tags(
    principal: Principal, tags: Sequence[Mapping[str, str]], transitive: Sequence[str]
) -> dict[str, Any]:
    """The new session's tags: those the caller's session passes on (transitive ones), then the
    request's. A request may not restate an inherited transitive tag.
    https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
    """
    given = {t["Key"].lower() for t in tags}
    unknown = [k for k in transitive if k.lower() not in given]
    if unknown:
        raise AwsError(
            "InvalidParameterValue",
            f"TransitiveTagKeys {unknown} are not keys of the session Tags passed in the request",
            400,
        )
    inherited = [
        {"Key": k, "Value": principal.session_tags[k]}
        for k in principal.transitive_tag_keys
        if k in principal.session_tags
    ]
    clash = [t["Key"] for t in inherited if t["Key"].lower() in given]
    if clash:
        raise AwsError(
            "InvalidParameterValue",
            f"Session tags {clash} are transitive tags of the calling session and cannot be "
            "set again in a role chain",
            400,
        )
    return {
        "tags": inherited + [{"Key": t["Key"], "Value": t["Value"]} for t in tags],
        "transitive_keys": [t["Key"] for t in inherited] + list(transitive),
    }


def _source_identity(principal: Principal, requested: str | None) -> str | None:
    """Once set in a role chain the source identity stays; a different one is refused."""
    if principal.source_identity is None:
        return requested
    if requested is not None and requested != principal.source_identity:
        raise AwsError(
            "AccessDenied",
            f"The source identity {principal.source_identity} of the calling session cannot "
            f"be changed to {requested}",
            403,
        )
    return principal.source_identity


def _session_policy(policy: str | None) -> str | None:
    if policy is None:
        return None
    if len(policy) > SESSION_POLICY_SIZE:
        raise AwsError(
            "ValidationError",
            f"1 validation error detected: Value '{policy}' at 'policy' failed to satisfy "
            f"constraint: Member must have length less than or equal to {SESSION_POLICY_SIZE}",
            400,
        )
    validate_policy(policy, PolicyKind.SESSION)
    return policy


def _credentials(creds: Credentials) -> Response:
    assert creds.expiration is not None
    return {
        "AccessKeyId": creds.access_key_id,
        "SecretAccessKey": creds.secret_access_key,
        "SessionToken": creds.session_token,
        "Expiration": as_datetime(creds.expiration),
    }
