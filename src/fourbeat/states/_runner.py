"""The interpreter: a loop over explicit frames, one state step at a time.

An execution is a stack of ``Frame``s (the main run, and one per Map iteration or Parallel
branch) plus its history. ``advance()`` runs exactly one step and records it; ``run()`` loops
until the execution ends, letting the injected clock pass for Waits and retry back-offs. There
is no recursion across states and no thread: every transition is a value applied to a frame,
which is what a durable engine will store after each step.
Imports nothing outside ``states`` but the clock.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from fourbeat.clock import Clock
from fourbeat.states._dataflow import flow
from fourbeat.states._errors import StatesError, TaskFailure
from fourbeat.states._events import Recorder, iso
from fourbeat.states._model import (
    AnyState,
    End,
    Fail,
    Fork,
    Machine,
    MapState,
    Next,
    Outcome,
    ParallelState,
    Suspend,
    TaskState,
    Wait,
)
from fourbeat.states._payload import compact
from fourbeat.states._retry import backoff, find_catcher, find_retrier
from fourbeat.states._scope import Variables
from fourbeat.states._steps import Invoke, StepContext, is_callback, join, step, task_done
from fourbeat.states._tokens import new_token

_MAX_PAYLOAD = 262_144  # 256 KiB, the state input/output quota
_PREFIXED = {"States.Runtime", "States.IntrinsicFailure", "States.QueryEvaluationError"}


@dataclass(eq=False)
class Frame:
    """One thread of control: the machine it runs, where it is, and its data."""

    machine: Machine
    state: str
    data: Any
    join: Join | None = None
    index: int = 0
    previous: int = 0  # id of the last event of this thread (previousEventId)
    entered: int = 0  # id of the current state's Entered event
    entered_at: float = 0.0
    fresh: bool = True  # the state has not been entered yet
    due: float = 0.0  # the frame may not run before this time
    waiting: Wait | None = None
    parked: bool = False  # a Map/Parallel parent waiting on its children
    started: bool = False  # a child whose iteration-started event is written
    attempts: dict[str, int] = field(default_factory=dict)
    variables: Variables = field(default_factory=Variables)
    token: str | None = None  # the current callback attempt's task token ($$.Task.Token)
    awaiting: bool = False  # a callback task waits for its token to be answered
    timeout_due: float = math.inf
    heartbeat_due: float = math.inf


@dataclass(eq=False)
class Join:
    """A Map or Parallel state waiting for its children's results."""

    frame: Frame
    state: MapState | ParallelState
    results: list[Any]
    pending: int
    failures: int = 0
    tolerated_count: int | None = None
    tolerated_percentage: float | None = None

    def exceeded(self) -> bool:
        """Whether the failures so far are more than the Map state tolerates."""
        if self.tolerated_count is None and self.tolerated_percentage is None:
            return True
        if self.tolerated_count is not None and self.failures > self.tolerated_count:
            return True
        share = 100 * self.failures / max(len(self.results), 1)
        return self.tolerated_percentage is not None and share > self.tolerated_percentage


@dataclass(frozen=True)
class Identity:
    """Names of the execution and its state machine, as the context object shows them."""

    name: str = "execution"
    state_machine_name: str = "StateMachine"
    account: str = "123456789012"
    region: str = "us-east-1"
    role_arn: str = "arn:aws:iam::123456789012:role/StatesExecutionRole"
    arn: str | None = None
    """The execution's ARN where it is not the Standard form (Express runs)."""

    @property
    def state_machine_arn(self) -> str:
        return f"arn:aws:states:{self.region}:{self.account}:stateMachine:{self.state_machine_name}"

    @property
    def execution_arn(self) -> str:
        if self.arn is not None:
            return self.arn
        return (
            f"arn:aws:states:{self.region}:{self.account}:execution:"
            f"{self.state_machine_name}:{self.name}"
        )


class Execution:
    """One run of a compiled machine on ``input``; ``status`` ends SUCCEEDED, FAILED or
    TIMED_OUT (past the machine's TimeoutSeconds)."""

    deadline: float = math.inf
    """When the execution times out (the class default: a machine with no TimeoutSeconds)."""

    def __init__(
        self,
        machine: Machine,
        input: Any,
        *,
        clock: Clock,
        invoke: Invoke | None = None,
        identity: Identity | None = None,
        seed: int | None = None,
    ) -> None:
        self.clock = clock
        self.invoke = invoke
        self.identity = identity or Identity()
        self.input = input
        self.started_at = clock.now()
        self.status = "RUNNING"
        self.output: Any = None
        self.error: str | None = None
        self.cause: str | None = None
        self.rng = random.Random(seed)
        self.events = Recorder(clock, self.identity.role_arn)
        first = self.events.execution_started(input)
        self.stack = [Frame(machine, machine.start_at, input, previous=first)]
        if machine.timeout_seconds:
            self.deadline = self.started_at + machine.timeout_seconds

    @property
    def history(self) -> list[dict[str, Any]]:
        return self.events.history.events

    def run(self) -> Execution:
        """Run until the end, or until only an answer to a task token can move it on."""
        while self.status == "RUNNING" and not self.blocked:
            self.advance()
        return self

    @property
    def blocked(self) -> bool:
        """Waiting on a task token with no timeout to end the wait."""
        top = self.stack[-1] if self.stack else None
        return top is not None and top.awaiting and self.next_due == math.inf

    @property
    def next_due(self) -> float:
        """When the next step may run: the top frame's due time, or the deadline if sooner."""
        return min(self.stack[-1].due, self.deadline) if self.stack else 0.0

    def advance(self) -> None:
        """Run one step of the top frame, letting the clock pass first if it is due later."""
        frame = self.stack[-1]
        now = self.clock.now()
        if self.next_due > now:
            self.clock.sleep(self.next_due - now)
        if self.clock.now() >= self.deadline:
            self._time_out(frame)
            return
        if frame.awaiting:
            self._expire(frame)
            return
        if frame.waiting is not None:
            wait, frame.waiting = frame.waiting, None
            after = wait.output, wait.assigned
            self._apply(frame, _state(frame), Next(wait.next, *after) if wait.next else End(*after))
            return
        state = _state(frame)
        if frame.fresh and frame.join is not None and not frame.started:
            frame.started = True
            frame.previous = self.events.iteration_started(frame.join.state, frame.index,
                                                           frame.previous)  # fmt: skip
        if frame.fresh:
            frame.fresh = False
            frame.entered_at = self.clock.now()
            frame.entered = frame.previous = self.events.entered(state, frame.data, frame.previous)
        if isinstance(state, TaskState) and is_callback(state):
            frame.token = new_token(self.identity.execution_arn)  # one per attempt
        try:
            outcome = step(state, frame.data, self._context(frame, state))
        except StatesError as exc:
            self._error(frame, state, exc)
            return
        self._apply(frame, state, outcome)

    def answer(
        self, token: str, output: Any = None, *, error: str | None = None, cause: str | None = None
    ) -> bool:
        """SendTaskSuccess (``output``) or SendTaskFailure (``error``, ``cause``) for the task
        waiting on ``token``; False when no task waits on it (any more)."""
        frame = self._awaiting(token)
        if frame is None:
            return False
        state = _state(frame)
        assert isinstance(state, TaskState)
        frame.awaiting, frame.due = False, 0.0
        if error is not None:
            frame.previous = self.events.task_failed(state, error, cause, frame.previous)
            self._error(frame, state, TaskFailure(error, cause))
            return True
        frame.previous = self.events.task_succeeded(state, output, frame.previous)
        try:
            outcome = task_done(state, frame.data, output, self._context(frame, state))
        except StatesError as exc:
            self._error(frame, state, exc)
            return True
        self._apply(frame, state, outcome)
        return True

    def heartbeat(self, token: str) -> bool:
        """SendTaskHeartbeat: the HeartbeatSeconds clock starts again."""
        frame = self._awaiting(token)
        if frame is None:
            return False
        state = _state(frame)
        if isinstance(state, TaskState) and state.heartbeat_seconds is not None:
            frame.heartbeat_due = self.clock.now() + state.heartbeat_seconds
            frame.due = min(frame.timeout_due, frame.heartbeat_due)
        return True

    def _awaiting(self, token: str) -> Frame | None:
        return next((f for f in self.stack if f.awaiting and f.token == token), None)

    def _suspend(self, frame: Frame, state: AnyState) -> None:
        """A callback task's call went out: wait for its token, within its timeouts."""
        assert isinstance(state, TaskState)
        frame.awaiting = True
        now = self.clock.now()
        timeout, heartbeat = state.timeout_seconds, state.heartbeat_seconds
        frame.timeout_due = frame.entered_at + timeout if timeout else math.inf
        frame.heartbeat_due = now + heartbeat if heartbeat else math.inf
        frame.due = min(frame.timeout_due, frame.heartbeat_due)

    def _expire(self, frame: Frame) -> None:
        """No answer in time: States.Timeout (TimeoutSeconds) or States.HeartbeatTimeout."""
        state = _state(frame)
        assert isinstance(state, TaskState)
        timed_out = self.clock.now() >= frame.timeout_due
        error = "States.Timeout" if timed_out else "States.HeartbeatTimeout"
        frame.awaiting, frame.due = False, 0.0
        frame.previous = self.events.task_timed_out(state, error, frame.previous)
        self._error(frame, state, TaskFailure(error, None))

    def _context(self, frame: Frame, state: AnyState) -> StepContext:
        context = {
            "Execution": {
                "Id": self.identity.execution_arn,
                "Input": self.input,
                "Name": self.identity.name,
                "RoleArn": self.identity.role_arn,
                "StartTime": iso(self.started_at),
                "RedriveCount": 0,
            },
            "State": {"EnteredTime": iso(frame.entered_at), "Name": state.name},
            "StateMachine": {
                "Id": self.identity.state_machine_arn,
                "Name": self.identity.state_machine_name,
            },
        }
        if isinstance(state, TaskState | MapState | ParallelState):
            context["State"]["RetryCount"] = sum(frame.attempts.values())
        if isinstance(state, TaskState) and is_callback(state) and frame.token:
            context["Task"] = {"Token": frame.token}
        invoke = self._recording(frame, state) if isinstance(state, TaskState) else None
        return StepContext(context, self.clock.now(), invoke, frame.variables)

    def _recording(self, frame: Frame, state: TaskState) -> Invoke | None:
        """The injected invoker, writing TaskScheduled/Started/Succeeded/Failed around it."""
        if self.invoke is None:
            return None
        invoke = self.invoke

        def call(resource: str, parameters: Any) -> Any:
            frame.previous = self.events.task_scheduled(state, parameters, frame.previous)
            try:
                result = invoke(resource, parameters)
            except StatesError as exc:
                frame.previous = self.events.task_failed(state, exc.error, exc.cause,
                                                         frame.previous)  # fmt: skip
                raise
            except Exception as exc:
                frame.previous = self.events.task_failed(state, type(exc).__name__, str(exc),
                                                         frame.previous)  # fmt: skip
                raise
            record = (
                self.events.task_submitted if is_callback(state) else self.events.task_succeeded
            )
            frame.previous = record(state, result, frame.previous)
            return result

        return call

    def _apply(self, frame: Frame, state: AnyState, outcome: Outcome) -> None:
        match outcome:
            case Next(next=target, output=output, assigned=assigned):
                if self._exit(frame, state, output):
                    frame.variables = frame.variables.assign(assigned)
                    self._move(frame, target, output)
            case End(output=output, assigned=assigned):
                if self._exit(frame, state, output):
                    frame.variables = frame.variables.assign(assigned)
                    self._finish(frame, output)
            case Fail(error=error, cause=cause):
                self._fail(frame, error, cause)
            case Wait(until=until):
                frame.due, frame.waiting = until, outcome
            case Suspend():
                self._suspend(frame, state)
            case Fork():
                self._fork(frame, state, outcome)

    def _exit(self, frame: Frame, state: AnyState, output: Any) -> bool:
        if len(compact(output).encode()) > _MAX_PAYLOAD:
            cause = (
                f"The state/task '{state.name}' returned a result with a size exceeding the "
                "maximum number of bytes service limit."
            )
            self._fail(frame, "States.DataLimitExceeded", cause)
            return False
        frame.previous = self.events.exited(state, output, frame.previous)
        return True

    def _move(self, frame: Frame, target: str, output: Any) -> None:
        frame.state, frame.data, frame.fresh, frame.attempts = target, output, True, {}

    def _finish(self, frame: Frame, output: Any) -> None:
        self.stack.remove(frame)
        if frame.join is None:
            self.status, self.output = "SUCCEEDED", output
            self.events.execution_succeeded(output, frame.previous)
            return
        join_ = frame.join
        join_.results[frame.index] = output
        self._child_done(join_, frame, succeeded=True)

    def _child_done(self, join_: Join, frame: Frame, *, succeeded: bool) -> None:
        join_.pending -= 1
        join_.frame.previous = self.events.child_done(join_.state, frame.index, succeeded,
                                                      frame.previous)  # fmt: skip
        if join_.pending:
            return
        parent = join_.frame
        parent.parked = False
        parent.previous = self.events.fork_done(join_.state, True, parent.previous)
        try:
            outcome = join(
                join_.state, parent.data, join_.results, self._context(parent, join_.state)
            )
        except StatesError as exc:
            self._error(parent, join_.state, exc)
            return
        self._apply(parent, join_.state, outcome)

    def _fork(self, frame: Frame, state: AnyState, fork: Fork) -> None:
        assert isinstance(state, MapState | ParallelState)
        frame.previous = self.events.fork_started(state, fork, frame.previous)
        join_ = Join(frame, state, [None] * len(fork.branches), len(fork.branches), 0,
                     fork.tolerated_count, fork.tolerated_percentage)  # fmt: skip
        frame.parked = True
        if not fork.branches:
            join_.pending = 1
            self._child_done(join_, frame, succeeded=True)
            return
        for branch in reversed(fork.branches):
            child = Frame(
                branch.machine, branch.machine.start_at, branch.input, join_, branch.index
            )
            child.previous = frame.previous
            child.variables = frame.variables.child()
            self.stack.append(child)

    def _error(self, frame: Frame, state: AnyState, exc: StatesError) -> None:
        cause = exc.cause
        if exc.error in _PREFIXED and not isinstance(exc, TaskFailure):
            cause = (
                f"An error occurred while executing the state '{state.name}' "
                f"(entered at the event id #{frame.entered}). {cause}"
            )
        retry = getattr(state, "retry", ())
        retrier = find_retrier(retry, exc.error)
        if retrier is not None:
            attempt = frame.attempts.get(retrier.pointer, 0)
            if attempt < retrier.max_attempts:
                frame.attempts[retrier.pointer] = attempt + 1
                frame.due = self.clock.now() + backoff(retrier, attempt, self.rng)
                return
        catcher = find_catcher(getattr(state, "catch", ()), exc.error)
        if catcher is None:
            self._fail(frame, exc.error, cause)
            return
        error_output = {"Error": exc.error, "Cause": cause}
        scope = self._context(frame, state).scope
        try:
            caught = flow(catcher).caught(catcher, frame.data, error_output, scope)
        except StatesError as failure:
            self._fail(frame, failure.error, failure.cause)
            return
        if self._exit(frame, state, caught.output):
            frame.variables = frame.variables.assign(caught.assigned)
            self._move(frame, catcher.next, caught.output)

    def _time_out(self, frame: Frame) -> None:
        self.stack.clear()
        self.status, self.error = "TIMED_OUT", "States.Timeout"
        self.events.execution_timed_out(frame.previous)

    def _fail(self, frame: Frame, error: str | None, cause: str | None) -> None:
        join_ = frame.join
        if join_ is None:
            self.stack.clear()
            self.status, self.error, self.cause = "FAILED", error, cause
            self.events.execution_failed(error, cause, frame.previous)
            return
        join_.failures += 1
        if not join_.exceeded():
            join_.results[frame.index] = {"Error": error, "Cause": cause}
            self.stack.remove(frame)
            self._child_done(join_, frame, succeeded=False)
            return
        if join_.tolerated_count is not None or join_.tolerated_percentage is not None:
            error = "States.ExceedToleratedFailureThreshold"
            cause = "The specified tolerated failure threshold was exceeded"
        self.stack = [f for f in self.stack if not _inside(f, join_)]
        join_.frame.previous = self.events.child_done(join_.state, frame.index, False,
                                                      frame.previous)  # fmt: skip
        parent = join_.frame
        parent.parked = False
        parent.previous = self.events.fork_done(join_.state, False, parent.previous)
        self._error(parent, join_.state, TaskFailure(error or "", cause))


def _state(frame: Frame) -> AnyState:
    return frame.machine.states[frame.state]


def _inside(frame: Frame, join_: Join) -> bool:
    """Whether ``frame`` runs (directly or nested) under ``join_``."""
    current = frame.join
    while current is not None:
        if current is join_:
            return True
        current = current.frame.join
    return False
