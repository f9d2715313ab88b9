"""IAM: users, roles, inline and managed policies, access keys, and the policy simulator.

One service class, ``IAM``, assembled from one class per group of operations so that each
module stays small. The tables are ``fourbeat.iam``'s (``_identities.SCHEMA``): the identities
behind every call's credentials, and what policy evaluation reads. Policies are checked on write
as IAM checks them (``fourbeat.iam._policy_documents``) and evaluated by ``fourbeat.iam``,
which the simulator (``_simulation``) asks as every call does.
"""

from __future__ import annotations

from fourbeat.services.iam._attachments import Attachments
from fourbeat.services.iam._inline import InlinePolicies
from fourbeat.services.iam._keys import AccessKeys
from fourbeat.services.iam._managed import ManagedPolicies
from fourbeat.services.iam._roles import Roles
from fourbeat.services.iam._simulation import Simulation
from fourbeat.services.iam._users import Users
from fourbeat.services.iam._versions import PolicyVersions

__all__ = ["IAM"]


class IAM(
    Users,
    Roles,
    InlinePolicies,
    ManagedPolicies,
    PolicyVersions,
    Attachments,
    AccessKeys,
    Simulation,
):
    name = "iam"
