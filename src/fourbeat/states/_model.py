"""The compiled state machine: one frozen dataclass per state type, and the step outcomes.

Every state carries its name and JSON Pointer (``/States/Check``) so a runtime error or a
diagnostic can say where it is. Outcomes are plain values a durable loop can store: the
runner (``_runner``) turns them into transitions, timers and child work.
Imports nothing outside ``states``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fourbeat.states._choice import Choice
from fourbeat.states._jsonpath import JsonPath
from fourbeat.states._payload import Expression, Payload


@dataclass(frozen=True)
class Retrier:
    error_equals: tuple[str, ...]
    pointer: str
    interval_seconds: float = 1.0
    max_attempts: int = 3
    backoff_rate: float = 2.0
    max_delay_seconds: float | None = None
    jitter_strategy: str = "NONE"


@dataclass(frozen=True)
class Catcher:
    error_equals: tuple[str, ...]
    next: str
    result_path: JsonPath | None
    pointer: str
    assign: Any = None  # Payload (JSONPath) or Template (JSONata)
    output: Any = None  # JSONata Output template
    jsonata: bool = False


@dataclass(frozen=True, kw_only=True)
class State:
    """What every state has; ``input_path``/``output_path`` ``None`` is JSON null (``{}``)."""

    name: str
    pointer: str
    next: str | None = None
    end: bool = False
    input_path: JsonPath | None = None
    output_path: JsonPath | None = None
    comment: str | None = None
    jsonata: bool = False  # QueryLanguage JSONata
    assign: Any = None  # Payload (JSONPath) or Template (JSONata): name -> value
    output: Any = None  # JSONata Output template

    @property
    def type(self) -> str:
        return type(self).__name__.removesuffix("State")


@dataclass(frozen=True, kw_only=True)
class Handles:
    """The fields of states that produce a result: Task, Parallel and Map."""

    parameters: Payload | None = None
    arguments: Any = None  # JSONata Arguments template
    result_selector: Payload | None = None
    result_path: JsonPath | None = None
    retry: tuple[Retrier, ...] = ()
    catch: tuple[Catcher, ...] = ()


@dataclass(frozen=True, kw_only=True)
class PassState(State):
    parameters: Payload | None = None
    result: Any = None
    has_result: bool = False
    result_path: JsonPath | None = None


@dataclass(frozen=True, kw_only=True)
class TaskState(State, Handles):
    resource: str
    timeout_seconds: int | None = None
    heartbeat_seconds: int | None = None


@dataclass(frozen=True, kw_only=True)
class ChoiceState(State):
    choices: tuple[Choice, ...]
    default: str | None = None


@dataclass(frozen=True, kw_only=True)
class WaitState(State):
    seconds: float | None = None
    timestamp: str | None = None
    seconds_path: JsonPath | None = None
    timestamp_path: JsonPath | None = None
    seconds_template: Any = None  # JSONata "{% ... %}" Seconds
    timestamp_template: Any = None  # JSONata "{% ... %}" Timestamp


@dataclass(frozen=True, kw_only=True)
class SucceedState(State):
    pass


@dataclass(frozen=True, kw_only=True)
class FailState(State):
    error: str | None = None
    cause: str | None = None
    error_path: Expression | None = None
    cause_path: Expression | None = None
    error_template: Any = None  # JSONata Error
    cause_template: Any = None  # JSONata Cause


@dataclass(frozen=True, kw_only=True)
class ParallelState(State, Handles):
    branches: tuple[Machine, ...]


@dataclass(frozen=True, kw_only=True)
class MapState(State, Handles):
    processor: Machine
    items_path: JsonPath | None = None
    items: Any = None  # JSONata Items template
    item_selector: Any = None  # Payload (JSONPath) or Template (JSONata)
    max_concurrency: int = 0
    tolerated_failure_count: int | None = None
    tolerated_failure_percentage: float | None = None
    tolerated_failure_count_path: JsonPath | None = None
    tolerated_failure_percentage_path: JsonPath | None = None


AnyState = (
    PassState
    | TaskState
    | ChoiceState
    | WaitState
    | SucceedState
    | FailState
    | ParallelState
    | MapState
)


@dataclass(frozen=True, eq=False)
class Machine:
    """A compiled state machine or branch: its start state and its states by name."""

    start_at: str
    states: dict[str, AnyState]
    pointer: str = ""
    comment: str | None = None
    timeout_seconds: int | None = None
    """The top-level TimeoutSeconds: how long an execution may run at most."""


# --- outcomes of one step -------------------------------------------------------------------


@dataclass(frozen=True)
class Next:
    """Go to state ``next`` with ``output``."""

    next: str
    output: Any
    assigned: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class End:
    """The machine (or branch) ends with ``output``."""

    output: Any
    assigned: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Fail:
    """The machine (or branch) fails; a Fail state cannot be retried or caught."""

    error: str | None
    cause: str | None


@dataclass(frozen=True)
class Retry:
    """Enter the same state again, with the same input, at epoch time ``at``."""

    at: float


@dataclass(frozen=True)
class Wait:
    """Hold until epoch time ``until``, then go to ``next`` (or end) with ``output``."""

    until: float
    next: str | None
    output: Any
    assigned: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Suspend:
    """Hold until a task token is answered (SendTaskSuccess/Failure)."""

    token: str


@dataclass(frozen=True)
class Branch:
    """One child run of a Map or Parallel state."""

    machine: Machine
    input: Any
    index: int
    item: Any = None  # the Map item, for $$.Map.Item.Value


@dataclass(frozen=True)
class Fork:
    """Run ``branches`` as children; the state's ``join`` gets their results in order."""

    branches: tuple[Branch, ...]
    max_concurrency: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    tolerated_count: int | None = None
    tolerated_percentage: float | None = None


Outcome = Next | End | Fail | Retry | Wait | Suspend | Fork
