"""Converse and ConverseStream: Bedrock's model-independent chat API on the local model.

A tool call is a ``toolUse`` block whose input was generated under the tool's JSON schema, so
it always parses and validates; ``stopReason`` is then ``tool_use``. ConverseStream's stream is
the event sequence Bedrock sends (messageStart, contentBlockStart/Delta/Stop, messageStop,
metadata), produced as the model generates: iterating it runs the model.
https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fourbeat.ai.llm import Completion, Generation, LlmError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.bedrock_runtime._converse_input import (
    messages_of,
    sampling_of,
    system_of,
    tools_of,
)
from fourbeat.services.bedrock_runtime._core import (
    INVOKE,
    INVOKE_STREAM,
    BedrockCore,
    engine_failure,
    tool_use_id,
)
from fourbeat.services.bedrock_runtime._stream import EventStream


class ConverseOperations(BedrockCore):
    def Converse(self, request: Request, params: Params) -> Response:
        self.model(request, params, INVOKE)
        completion = _finish(self._generation(params))
        return {
            "output": {"message": {"role": "assistant", "content": _content(completion)}},
            "stopReason": completion.stop_reason.value,
            "usage": usage(completion),
            "metrics": {"latencyMs": latency_ms(completion)},
        }

    def ConverseStream(self, request: Request, params: Params) -> Response:
        self.model(request, params, INVOKE_STREAM)
        return {"stream": EventStream(_events(self._generation(params)))}

    def _generation(self, params: Params) -> Generation:
        return self.generation(
            messages_of(params), sampling_of(params), system_of(params), tools_of(params)
        )


def _finish(generation: Generation) -> Completion:
    try:
        for _ in generation:
            pass
    except LlmError as exc:
        raise engine_failure(exc) from exc
    return generation.completion


def _content(completion: Completion) -> list[dict[str, Any]]:
    call = completion.tool_call
    if call is None:
        return [{"text": completion.text}]
    use = {"toolUseId": tool_use_id("tooluse_"), "name": call.name, "input": call.input}
    return [{"toolUse": use}]


def usage(completion: Completion) -> dict[str, int]:
    return {
        "inputTokens": completion.input_tokens,
        "outputTokens": completion.output_tokens,
        "totalTokens": completion.input_tokens + completion.output_tokens,
    }


def latency_ms(completion: Completion) -> int:
    return max(1, round(completion.timings.get("total", 0.0) * 1000))


def _events(generation: Generation) -> Iterator[dict[str, Any]]:
    yield {"messageStart": {"role": "assistant"}}
    started = False
    for delta in generation:
        started = True
        yield {"contentBlockDelta": {"delta": {"text": delta}, "contentBlockIndex": 0}}
    completion = generation.completion
    call = completion.tool_call
    if call is not None:
        start = {"toolUse": {"toolUseId": tool_use_id("tooluse_"), "name": call.name}}
        yield {"contentBlockStart": {"start": start, "contentBlockIndex": 0}}
        tool_delta = {"toolUse": {"input": json.dumps(call.input)}}
        yield {"contentBlockDelta": {"delta": tool_delta, "contentBlockIndex": 0}}
    elif not started:
        yield {"contentBlockDelta": {"delta": {"text": ""}, "contentBlockIndex": 0}}
    yield {"contentBlockStop": {"contentBlockIndex": 0}}
    yield {"messageStop": {"stopReason": completion.stop_reason.value}}
    metrics = {"latencyMs": latency_ms(completion)}
    yield {"metadata": {"usage": usage(completion), "metrics": metrics}}
