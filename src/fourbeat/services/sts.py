"""STS: who am I, and role sessions (AssumeRole).

https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
"""

from __future__ import annotations

import re

from fourbeat.clock import as_datetime
from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response, Service

_ROLE_ARN = re.compile(r"^arn:aws:iam::(\d{12}):role/(?:.*/)?([\w+=,.@-]+)$")


class STS(Service):
    name = "sts"

    def GetCallerIdentity(self, request: Request, params: Params) -> Response:
        # GetCallerIdentity needs no permission: AWS answers it even under an explicit deny.
        principal = request.principal
        return {"UserId": principal.user_id, "Account": principal.account, "Arn": principal.arn}

    def AssumeRole(self, request: Request, params: Params) -> Response:
        role_arn, session_name = params["RoleArn"], params["RoleSessionName"]
        match = _ROLE_ARN.match(role_arn)
        if match is None:
            raise AwsError("ValidationError", f"{role_arn} is invalid", 400)
        account, role_name = match.groups()
        self.authorize(request, "sts:AssumeRole", role_arn)
        role = self.env.identities.role(role_name) if account == self.env.account else None
        if role is None:
            raise AwsError(
                "AccessDenied",
                f"User: {request.principal.arn} is not authorized to perform: sts:AssumeRole "
                f"on resource: {role_arn}",
                403,
            )
        duration = params.get("DurationSeconds", 3600)
        if not 900 <= duration <= role.max_session:
            raise AwsError(
                "ValidationError",
                f"The requested DurationSeconds exceeds the MaxSessionDuration set for this "
                f"role.",
                400,
            )
        now = self.clock.now()
        creds = self.env.identities.issue_session(role_name, session_name, now, duration)
        return {
            "Credentials": {
                "AccessKeyId": creds.access_key_id,
                "SecretAccessKey": creds.secret_access_key,
                "SessionToken": creds.session_token,
                "Expiration": as_datetime(now + duration),
            },
            "AssumedRoleUser": {
                "AssumedRoleId": f"{role.role_id}:{session_name}",
                "Arn": f"arn:aws:sts::{account}:assumed-role/{role_name}/{session_name}",
            },
            "PackedPolicySize": 0,
        }
