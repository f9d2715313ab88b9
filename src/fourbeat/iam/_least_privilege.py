"""The least-privilege policy for what a principal really asked: exact actions on exact
resource ARNs, from recorded decisions, never access-level groups or wildcards it did not use.

Denied requests count too: they are what the run needed and did not get. Actions asked on the
same set of resources share one statement, so the policy stays short and readable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from fourbeat.iam._journal import Recorded


def least_privilege(decisions: Iterable[Recorded]) -> dict[str, Any]:
    resources_by_action: dict[str, set[str]] = defaultdict(set)
    for decision in decisions:
        resources_by_action[decision.action].add(decision.resource)
    actions_by_resources: dict[frozenset[str], list[str]] = defaultdict(list)
    for action in sorted(resources_by_action):
        actions_by_resources[frozenset(resources_by_action[action])].append(action)
    statements = [
        {"Effect": "Allow", "Action": _one_or_many(actions), "Resource": _one_or_many(sorted(res))}
        for res, actions in sorted(actions_by_resources.items(), key=lambda item: item[1])
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def _one_or_many(values: list[str]) -> str | list[str]:
    return values[0] if len(values) == 1 else values
