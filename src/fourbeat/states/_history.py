"""Execution history events in the shape ``GetExecutionHistory`` returns them.

Event types and detail keys follow the ``HistoryEvent`` shape of the Step Functions API
(``PassStateEntered`` with ``stateEnteredEventDetails``, ``TaskScheduled``, ``MapIterationStarted``
...). Timestamps come from the injected clock. Imports nothing outside ``states``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fourbeat.clock import Clock, as_datetime
from fourbeat.states._payload import compact


def _details_key(event_type: str) -> str:
    """``MapIterationStarted`` -> ``mapIterationStartedEventDetails``; states share two keys."""
    if event_type.endswith("StateEntered"):
        return "stateEnteredEventDetails"
    if event_type.endswith("StateExited"):
        return "stateExitedEventDetails"
    return event_type[0].lower() + event_type[1:] + "EventDetails"


@dataclass
class History:
    """The append-only event list of one execution."""

    clock: Clock
    events: list[dict[str, Any]] = field(default_factory=list)

    def add(self, event_type: str, previous: int, details: dict[str, Any] | None = None) -> int:
        event: dict[str, Any] = {
            "id": len(self.events) + 1,
            "previousEventId": previous,
            "timestamp": as_datetime(self.clock.now()),
            "type": event_type,
        }
        if details is not None:
            event[_details_key(event_type)] = details
        self.events.append(event)
        return int(event["id"])

    def entered(self, kind: str, name: str, data: Any, previous: int) -> int:
        details = {"name": name, "input": compact(data), "inputDetails": {"truncated": False}}
        return self.add(f"{kind}StateEntered", previous, details)

    def exited(self, kind: str, name: str, output: Any, previous: int) -> int:
        details = {"name": name, "output": compact(output), "outputDetails": {"truncated": False}}
        return self.add(f"{kind}StateExited", previous, details)
