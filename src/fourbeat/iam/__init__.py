"""Identity and authorization: principals, the single authorization point, IAM's catalogue.

Depends on ``store`` and ``errors`` only; services call into it, never the reverse.
"""

from fourbeat.iam._actions import action_exists, resource_arn
from fourbeat.iam._authorizer import Authorizer, AuthRequest
from fourbeat.iam._identities import (
    ADMIN_ACCESS_KEY,
    ADMIN_SECRET_KEY,
    Credentials,
    Identities,
    new_id,
)
from fourbeat.iam._principal import Principal

__all__ = [
    "ADMIN_ACCESS_KEY",
    "ADMIN_SECRET_KEY",
    "AuthRequest",
    "Authorizer",
    "Credentials",
    "Identities",
    "Principal",
    "action_exists",
    "new_id",
    "resource_arn",
]
