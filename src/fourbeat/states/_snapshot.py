"""An execution's state between steps, as bytes: what a durable engine stores after a step.

The interpreter's frames are plain values except for what they point into: the compiled
machine (its branches, states, retriers and catchers, which hold compiled expressions) and the
injected clock and invoker. Those are written as references (a JSON Pointer into the
definition, or a name) and bound again on load to a machine compiled from the same definition,
so a snapshot is small and survives a restart of the process.
Imports nothing outside ``states`` but the clock.
"""

from __future__ import annotations

import io
import pickle
from typing import Any

from fourbeat.clock import Clock
from fourbeat.states._model import Catcher, Handles, Machine, MapState, ParallelState, Retrier
from fourbeat.states._runner import Execution
from fourbeat.states._steps import Invoke

_Ref = tuple[str, str]


def dump(execution: Execution) -> bytes:
    """The execution without its history events (the caller stores those as rows)."""
    events, execution.events.history.events = execution.events.history.events, []
    try:
        out = io.BytesIO()
        _Pickler(out, _references(execution.stack[0].machine if execution.stack else None),
                 execution).dump(execution)  # fmt: skip
        return out.getvalue()
    finally:
        execution.events.history.events = events


def load(
    data: bytes,
    machine: Machine,
    *,
    clock: Clock,
    invoke: Invoke | None,
    events: list[dict[str, Any]],
) -> Execution:
    """An execution from ``dump``, bound to ``machine`` (compiled from the same definition)."""
    targets: dict[_Ref, Any] = {ref: obj for obj, ref in _walk(machine)}
    targets[("runtime", "clock")] = clock
    targets[("runtime", "invoke")] = invoke
    execution: Execution = _Unpickler(io.BytesIO(data), targets).load()
    execution.events.history.events = events
    return execution


def _references(machine: Machine | None) -> dict[int, _Ref]:
    return {} if machine is None else {id(obj): ref for obj, ref in _walk(machine)}


def _walk(machine: Machine) -> list[tuple[Any, _Ref]]:
    """Every compiled object a frame may point at, with the reference that names it."""
    found: list[tuple[Any, _Ref]] = [(machine, ("machine", machine.pointer))]
    for state in machine.states.values():
        found.append((state, ("state", state.pointer)))
        if isinstance(state, Handles):
            found += [(r, ("retrier", r.pointer)) for r in state.retry]
            found += [(c, ("catcher", c.pointer)) for c in state.catch]
        if isinstance(state, ParallelState):
            for branch in state.branches:
                found += _walk(branch)
        if isinstance(state, MapState):
            found += _walk(state.processor)
    return found


class _Pickler(pickle.Pickler):
    def __init__(self, out: io.BytesIO, refs: dict[int, _Ref], execution: Execution) -> None:
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self._refs = refs
        self._runtime = {id(execution.clock): "clock", id(execution.invoke): "invoke"}

    def persistent_id(self, obj: Any) -> _Ref | None:
        if isinstance(obj, Machine | Retrier | Catcher) or hasattr(obj, "pointer"):
            ref = self._refs.get(id(obj))
            if ref is not None:
                return ref
        if obj is not None and id(obj) in self._runtime:
            return ("runtime", self._runtime[id(obj)])
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: io.BytesIO, targets: dict[_Ref, Any]) -> None:
        super().__init__(data)
        self._targets = targets

    def persistent_load(self, pid: Any) -> Any:
        return self._targets[tuple(pid)]
