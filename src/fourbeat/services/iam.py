"""IAM: users, roles, policies and access keys (the identity side of the cloud)."""

from __future__ import annotations

from fourbeat.services._base import Service


class IAM(Service):
    name = "iam"
