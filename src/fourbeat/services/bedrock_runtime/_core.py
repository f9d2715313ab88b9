"""What bedrock-runtime's operations share: model resolution with IAM, the engine (loaded on
first use, so a Cloud that never calls Bedrock never loads a model), and the one place the
engine's errors become Bedrock's.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Sequence
from typing import Any

from fourbeat.ai.llm import (
    Generation,
    LlmEngine,
    LlmError,
    Message,
    ModelMissing,
    PromptTooLong,
    Sampling,
    Tools,
    default_engine,
)
from fourbeat.errors import AwsError, FourbeatError
from fourbeat.services._base import Environment, NotServedError, Params, Request, Response, Service
from fourbeat.services._validation import check_constraints
from fourbeat.services.bedrock_runtime._models import ModelRef, resolve

INVOKE = "bedrock:InvokeModel"
INVOKE_STREAM = "bedrock:InvokeModelWithResponseStream"
"""Converse is authorized as InvokeModel and ConverseStream as InvokeModelWithResponseStream:
IAM has no Converse actions.
https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-call.html"""

TOO_LONG = "Input is too long for requested model."


class ModelNotInstalled(FourbeatError):
    """The local model (or llama-cpp-python) is not installed."""


class BedrockCore(Service):
    name = "bedrock-runtime"

    def __init__(self, env: Environment, engine: Callable[[], LlmEngine] = default_engine):
        super().__init__(env)
        self._engine_factory = engine
        self._engine: LlmEngine | None = None

    def dispatch(self, request: Request, params: Params) -> Response:
        check_constraints(self.name, request.operation, params, "ValidationException")
        if params.get("guardrailConfig") or params.get("guardrailIdentifier"):
            raise NotServedError(
                "fourbeat does not apply Bedrock guardrails (guardrailConfig)",
                fix="Call the model without a guardrail; fourbeat serves no ApplyGuardrail.",
            )
        return super().dispatch(request, params)

    def model(self, request: Request, params: Params, action: str) -> ModelRef:
        ref = resolve(params["modelId"], request.region, request.account)
        self.authorize(request, action, ref.resources)
        return ref

    def engine(self) -> LlmEngine:
        if self._engine is None:
            try:
                self._engine = self._engine_factory()
            except ModelMissing as exc:
                raise ModelNotInstalled(
                    f"bedrock-runtime has no local model: {exc}",
                    fix='Install it: CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install llama-cpp-python',
                ) from exc
            except LlmError as exc:
                raise ModelNotInstalled(f"bedrock-runtime cannot load its model: {exc}") from exc
        return self._engine

    def generation(
        self, messages: Sequence[Message], sampling: Sampling, system: str, tools: Tools
    ) -> Generation:
        """A generation ready to run; a prompt over the context is Bedrock's own error."""
        try:
            return self.engine().stream(messages, sampling, system=system, tools=tools)
        except PromptTooLong as exc:
            raise AwsError("ValidationException", TOO_LONG, 400) from exc


def engine_failure(exc: LlmError) -> AwsError:
    return AwsError("ModelErrorException", f"The local model failed: {exc}", 424)


def tool_use_id(prefix: str) -> str:
    """An id in Bedrock's form (``tooluse_`` or ``toolu_bdrk_`` and 24 url-safe letters)."""
    return prefix + base64.urlsafe_b64encode(os.urandom(18)).decode()


def reject(message: str) -> AwsError:
    return AwsError("ValidationException", message, 400)


def text_of(value: Any) -> str:
    return value if isinstance(value, str) else ""
