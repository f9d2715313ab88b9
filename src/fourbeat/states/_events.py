"""Which history events each state type writes, on top of ``History``.

Names follow ``GetExecutionHistory``: ``<Type>StateEntered``/``<Type>StateExited`` for every
state (a Fail state only enters), ``TaskScheduled``/``TaskStarted``/``TaskSucceeded``/
``TaskFailed`` around a Task's resource, ``MapStateStarted``/``MapIterationStarted``/
``MapIterationSucceeded``/``MapStateSucceeded`` and ``ParallelStateStarted``/
``ParallelStateSucceeded`` around children. Imports nothing outside ``states`` but the clock.
"""

from __future__ import annotations

from typing import Any

from fourbeat.clock import Clock, as_datetime
from fourbeat.states._history import History
from fourbeat.states._model import AnyState, Fork, MapState, TaskState
from fourbeat.states._payload import compact


def iso(epoch: float) -> str:
    """A context-object timestamp: ``2026-01-01T00:00:00.000Z``."""
    return as_datetime(epoch).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _resource(resource: str) -> tuple[str, str]:
    """``arn:aws:states:::lambda:invoke`` -> (``lambda``, ``invoke``), as TaskScheduled shows."""
    prefix = "arn:aws:states:::"
    if resource.startswith(prefix):
        service, _, action = resource[len(prefix) :].partition(":")
        return service, action
    return "lambda", resource


class Recorder:
    """Writes the events of one execution; every method returns the id of its last event."""

    def __init__(self, clock: Clock, role_arn: str) -> None:
        self.history = History(clock)
        self.role_arn = role_arn

    def execution_started(self, data: Any) -> int:
        details = {"input": compact(data), "inputDetails": {"truncated": False},
                   "roleArn": self.role_arn}  # fmt: skip
        return self.history.add("ExecutionStarted", 0, details)

    def execution_succeeded(self, output: Any, previous: int) -> int:
        details = {"output": compact(output), "outputDetails": {"truncated": False}}
        return self.history.add("ExecutionSucceeded", previous, details)

    def execution_failed(self, error: str | None, cause: str | None, previous: int) -> int:
        details = {k: v for k, v in (("error", error), ("cause", cause)) if v is not None}
        return self.history.add("ExecutionFailed", previous, details)

    def execution_timed_out(self, previous: int) -> int:
        return self.history.add("ExecutionTimedOut", previous, {"error": "States.Timeout"})

    def entered(self, state: AnyState, data: Any, previous: int) -> int:
        return self.history.entered(state.type, state.name, data, previous)

    def exited(self, state: AnyState, output: Any, previous: int) -> int:
        return self.history.exited(state.type, state.name, output, previous)

    def task_scheduled(self, state: TaskState, parameters: Any, previous: int) -> int:
        kind, resource = _resource(state.resource)
        details: dict[str, Any] = {
            "resourceType": kind,
            "resource": resource,
            "region": "us-east-1",
            "parameters": compact(parameters),
        }
        if state.timeout_seconds is not None:
            details["timeoutInSeconds"] = state.timeout_seconds
        if state.heartbeat_seconds is not None:
            details["heartbeatInSeconds"] = state.heartbeat_seconds
        scheduled = self.history.add("TaskScheduled", previous, details)
        started = {"resourceType": kind, "resource": resource}
        return self.history.add("TaskStarted", scheduled, started)

    def task_succeeded(self, state: TaskState, output: Any, previous: int) -> int:
        kind, resource = _resource(state.resource)
        details = {"resourceType": kind, "resource": resource, "output": compact(output),
                   "outputDetails": {"truncated": False}}  # fmt: skip
        return self.history.add("TaskSucceeded", previous, details)

    def task_submitted(self, state: TaskState, output: Any, previous: int) -> int:
        """A callback task's call went out; its result comes with the token's answer."""
        kind, resource = _resource(state.resource)
        details = {"resourceType": kind, "resource": resource, "output": compact(output),
                   "outputDetails": {"truncated": False}}  # fmt: skip
        return self.history.add("TaskSubmitted", previous, details)

    def task_timed_out(self, state: TaskState, error: str, previous: int) -> int:
        kind, resource = _resource(state.resource)
        details = {"resourceType": kind, "resource": resource, "error": error}
        return self.history.add("TaskTimedOut", previous, details)

    def task_failed(self, state: TaskState, error: str, cause: str | None, previous: int) -> int:
        kind, resource = _resource(state.resource)
        details = {"resourceType": kind, "resource": resource, "error": error}
        if cause is not None:
            details["cause"] = cause
        return self.history.add("TaskFailed", previous, details)

    def fork_started(self, state: AnyState, fork: Fork, previous: int) -> int:
        if isinstance(state, MapState):
            return self.history.add("MapStateStarted", previous, dict(fork.details))
        return self.history.add("ParallelStateStarted", previous)

    def iteration_started(self, state: AnyState, index: int, previous: int) -> int:
        if not isinstance(state, MapState):
            return previous
        details = {"index": index, "name": state.name}
        return self.history.add("MapIterationStarted", previous, details)

    def child_done(self, state: AnyState, index: int, succeeded: bool, previous: int) -> int:
        if not isinstance(state, MapState):
            return previous
        kind = "MapIterationSucceeded" if succeeded else "MapIterationFailed"
        return self.history.add(kind, previous, {"index": index, "name": state.name})

    def fork_done(self, state: AnyState, succeeded: bool, previous: int) -> int:
        prefix = "MapState" if isinstance(state, MapState) else "ParallelState"
        return self.history.add(prefix + ("Succeeded" if succeeded else "Failed"), previous)
