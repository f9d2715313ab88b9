"""Identity and authorization: principals, the single authorization point, IAM's catalogue.

Depends on ``store`` and ``errors`` only; services call into it, never the reverse.
"""

from fourbeat.iam._actions import action_exists, resource_arn
from fourbeat.iam._authorizer import MODES, AccessDeniedError, Authorizer, AuthRequest, Mode
from fourbeat.iam._compiled import CompiledPolicy, compile_policy
from fourbeat.iam._decisions import (
    Decision,
    Mismatch,
    Outcome,
    PolicyType,
    StatementRef,
    StatementTrace,
)
from fourbeat.iam._denials import denial_message
from fourbeat.iam._evaluation import PolicySet, evaluate
from fourbeat.iam._identities import (
    ADMIN_ACCESS_KEY,
    ADMIN_SECRET_KEY,
    Credentials,
    Identities,
    new_id,
)
from fourbeat.iam._journal import DecisionJournal, Recorded
from fourbeat.iam._policy_documents import PolicyKind
from fourbeat.iam._principal import Principal
from fourbeat.iam._principal_policies import PrincipalPolicies
from fourbeat.iam._requests import Request, ServicePrincipal

__all__ = [
    "ADMIN_ACCESS_KEY",
    "ADMIN_SECRET_KEY",
    "MODES",
    "AccessDeniedError",
    "AuthRequest",
    "Authorizer",
    "CompiledPolicy",
    "Credentials",
    "Decision",
    "DecisionJournal",
    "Identities",
    "Mismatch",
    "Mode",
    "Outcome",
    "PolicyKind",
    "PolicySet",
    "PolicyType",
    "Principal",
    "PrincipalPolicies",
    "Recorded",
    "Request",
    "ServicePrincipal",
    "StatementRef",
    "StatementTrace",
    "action_exists",
    "compile_policy",
    "denial_message",
    "evaluate",
    "new_id",
    "resource_arn",
]
