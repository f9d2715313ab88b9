"""AWS's wording of an access denial, for the services to put in their AccessDenied errors.

``User: ARN is not authorized to perform: ACTION on resource: ARN`` and then the reason: ``with
an explicit deny in a TYPE`` or ``because no TYPE allows the ACTION action``. When several policy
types deny, AWS names one. Actions on no particular resource (``*``) leave out ``on resource``.
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html

A role trust policy that does not allow the caller is the exception: STS answers AssumeRole
with the first sentence alone (``… is not authorized to perform: sts:AssumeRole on resource:
arn:aws:iam::…:role/R``), as its responses show.

Depends on ``_decisions`` and ``_requests``.
"""

from __future__ import annotations

from fourbeat.iam._decisions import Decision, Outcome, PolicyType
from fourbeat.iam._requests import Request

_WITH_ARTICLE = {
    PolicyType.IDENTITY: "an identity-based policy",
    PolicyType.RESOURCE: "a resource-based policy",
    PolicyType.BOUNDARY: "a permissions boundary",
    PolicyType.SESSION: "a session policy",
}


def denial_message(request: Request, decision: Decision, *, quote_resource: bool = False) -> str:
    """The message of a denied request's AccessDenied error; S3 quotes the resource ARN.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html"""
    if decision.allowed or decision.decided_by is None:
        raise ValueError("the request was allowed: there is no denial to word")
    resource = f'"{request.resource}"' if quote_resource else request.resource
    where = "" if request.resource == "*" else f" on resource: {resource}"
    head = f"User: {request.principal.arn} is not authorized to perform: {request.action}{where}"
    kind = decision.decided_by
    if decision.outcome is Outcome.EXPLICIT_DENY:
        return f"{head} with an explicit deny in {_WITH_ARTICLE[kind]}"
    if decision.resource_required and kind is PolicyType.RESOURCE:
        return head
    return f"{head} because no {kind.value} allows the {request.action} action"
