"""AWS managed policies (``arn:aws:iam::aws:policy/…``) that fourbeat knows.

AWS publishes hundreds of managed policies whose documents change over time; fourbeat knows
only those in a snapshot packaged as ``fourbeat/iam/data/aws_managed_policies.json`` (a list
of objects with the members below). Until the snapshot is vendored the catalogue is empty, and
naming any AWS managed policy fails with NoSuchEntity: a document is never invented.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

SNAPSHOT = "aws_managed_policies.json"


@dataclass(frozen=True)
class AwsManagedPolicy:
    arn: str
    name: str
    policy_id: str
    path: str
    default_version: str
    document: str
    created: float
    updated: float
    description: str | None = None


class AwsManagedPolicies:
    """The snapshot, by ARN."""

    def __init__(self, policies: Iterable[AwsManagedPolicy] = ()) -> None:
        self._by_arn = {p.arn: p for p in policies}

    @classmethod
    def packaged(cls) -> AwsManagedPolicies:
        """The snapshot fourbeat ships, or an empty catalogue where it ships none."""
        data = resources.files("fourbeat.iam").joinpath("data", SNAPSHOT)
        if not data.is_file():
            return cls()
        return cls(AwsManagedPolicy(**item) for item in json.loads(data.read_text()))

    def get(self, arn: str) -> AwsManagedPolicy | None:
        return self._by_arn.get(arn)

    def all(self) -> list[AwsManagedPolicy]:
        return list(self._by_arn.values())
