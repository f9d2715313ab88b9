"""Step Functions: state machines, executions run durably by the engine, and their history.

One service class, ``StepFunctions``, assembled from operation groups: state machines
(``_machines``), executions (``_executions``), task tokens answered (``_callbacks``) and tags
(``_tags``). A Standard execution is a
row with the interpreter's snapshot; the engine runs it step by step (``_runs``), calling
Task resources through clients for the machine's role (``_integrations``). The ASL itself is
``fourbeat.states``, which knows no service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fourbeat.services._base import Environment
from fourbeat.services.stepfunctions._callbacks import CallbackOperations
from fourbeat.services.stepfunctions._executions import ExecutionOperations
from fourbeat.services.stepfunctions._integrations import Integrations
from fourbeat.services.stepfunctions._machines import MachineOperations
from fourbeat.services.stepfunctions._runs import KIND, Runner
from fourbeat.services.stepfunctions._schema import SCHEMA
from fourbeat.services.stepfunctions._tags import TagOperations
from fourbeat.store import Claim

__all__ = ["StepFunctions"]


class StepFunctions(MachineOperations, ExecutionOperations, CallbackOperations, TagOperations):
    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        env.store.migrate(SCHEMA)
        self.integrations = Integrations(env)
        self.runner = Runner(env.store, env.clock, self.integrations.invoker)

    def work_handlers(self) -> Mapping[str, Callable[[Claim], None]]:
        return {KIND: self.runner}
