"""Task tokens answered: SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat.

A ``.waitForTaskToken`` task waits (durably, with no work item unless it has a timeout) until
one of these names its token; the answer is applied to the execution's snapshot and its run is
queued again. A human review step is exactly this: the token goes out in a message, a person
(or their tool) answers it.
https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
"""

from __future__ import annotations

import json
from collections.abc import Callable

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.stepfunctions._common import StepFunctionsCore
from fourbeat.states import Execution
from fourbeat.states._tokens import token_execution


class CallbackOperations(StepFunctionsCore):
    def SendTaskSuccess(self, request: Request, params: Params) -> Response:
        self.authorize(request, "states:SendTaskSuccess", "*")
        try:
            output = json.loads(params["output"])
        except ValueError as exc:
            raise AwsError("InvalidOutput", f"Invalid State Machine Output: '{exc}'") from None
        token = params["taskToken"]
        self._answer(token, lambda execution: execution.answer(token, output))
        return {}

    def SendTaskFailure(self, request: Request, params: Params) -> Response:
        self.authorize(request, "states:SendTaskFailure", "*")
        token = params["taskToken"]
        error, cause = params.get("error", ""), params.get("cause")
        self._answer(token, lambda execution: execution.answer(token, error=error, cause=cause))
        return {}

    def SendTaskHeartbeat(self, request: Request, params: Params) -> Response:
        self.authorize(request, "states:SendTaskHeartbeat", "*")
        token = params["taskToken"]
        self._answer(token, lambda execution: execution.heartbeat(token))
        return {}

    def _answer(self, token: str, act: Callable[[Execution], bool]) -> None:
        arn = token_execution(token)
        if arn is None:
            raise AwsError("InvalidToken", f"Invalid Token: '{token}'")
        if not self.runner.resume(arn, act):
            raise AwsError("TaskDoesNotExist", "Task Does Not Exist")
