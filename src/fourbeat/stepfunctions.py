"""Run one state machine definition on a throwaway cloud: the quickest way to try ASL.

``run_definition(definition, input)`` deploys the definition as a Standard state machine in
a fresh data directory with a virtual clock (Waits and retry back-offs take no real time),
runs the execution to its end through the same service and engine as any other, and returns
what ``DescribeExecution`` and ``GetExecutionHistory`` say of it.
"""

from __future__ import annotations

import json
import tempfile
from typing import Any

from fourbeat.clock import VirtualClock
from fourbeat.cloud import Cloud

__all__ = ["STATES_TRUST", "Sandbox", "run_definition"]

STATES_TRUST = {  # lets Step Functions assume a role
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "states.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def run_definition(
    definition: str | dict[str, Any], input: Any = None, *, clock: VirtualClock | None = None
) -> dict[str, Any]:
    """Keys ``status``, ``output`` (parsed JSON, or None), ``error``, ``cause``, ``events``."""
    with Sandbox(clock=clock) as sandbox:
        return sandbox.run(definition, input)


class Sandbox:
    """One throwaway cloud for many runs (a conformance corpus): each run deploys its own
    state machine, so runs share nothing but the clock."""

    def __init__(self, *, clock: VirtualClock | None = None) -> None:
        self._root = tempfile.TemporaryDirectory(prefix="fourbeat-run-")
        self.cloud = Cloud(self._root.name, clock=clock or VirtualClock(), engine=False)
        self._role = self.cloud.client("iam").create_role(
            RoleName="StatesExecutionRole", AssumeRolePolicyDocument=json.dumps(STATES_TRUST)
        )["Role"]["Arn"]
        self._sfn = self.cloud.client("stepfunctions")
        self._runs = 0

    def run(self, definition: str | dict[str, Any], input: Any = None) -> dict[str, Any]:
        text = definition if isinstance(definition, str) else json.dumps(definition)
        self._runs += 1
        sfn = self._sfn
        machine = sfn.create_state_machine(
            name=f"StateMachine-{self._runs}", definition=text, roleArn=self._role
        )
        started = sfn.start_execution(
            stateMachineArn=machine["stateMachineArn"],
            input=json.dumps({} if input is None else input),
        )
        self.cloud.engine.run_until_idle()
        arn = started["executionArn"]
        described = sfn.describe_execution(executionArn=arn)
        pages = sfn.get_paginator("get_execution_history").paginate(executionArn=arn)
        return {
            "status": described["status"],
            "output": json.loads(described["output"]) if "output" in described else None,
            "error": described.get("error"),
            "cause": described.get("cause"),
            "events": [event for page in pages for event in page["events"]],
        }

    def close(self) -> None:
        self.cloud.close()
        self._root.cleanup()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
