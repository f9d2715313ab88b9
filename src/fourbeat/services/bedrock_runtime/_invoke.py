"""InvokeModel and InvokeModelWithResponseStream with the Anthropic Messages body.

Every Bedrock model id is served by the local model, but each provider has its own InvokeModel
body; fourbeat reads Anthropic's (for ``anthropic.*`` ids) and points other providers to
Converse, whose request is the same for every model. The response body is Anthropic's:
``content`` blocks of type ``text`` or ``tool_use``, ``stop_reason``, ``usage``.
https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from botocore.response import StreamingBody

from fourbeat.ai.llm import Completion, Generation, LlmError
from fourbeat.services._base import NotServedError, Params, Request, Response
from fourbeat.services.bedrock_runtime._anthropic_body import parse_body
from fourbeat.services.bedrock_runtime._core import (
    INVOKE,
    INVOKE_STREAM,
    BedrockCore,
    engine_failure,
    tool_use_id,
)
from fourbeat.services.bedrock_runtime._models import ModelRef
from fourbeat.services.bedrock_runtime._stream import EventStream


class InvokeOperations(BedrockCore):
    def InvokeModel(self, request: Request, params: Params) -> Response:
        ref = self.model(request, params, INVOKE)
        generation = self._anthropic(ref, params)
        try:
            for _ in generation:
                pass
        except LlmError as exc:
            raise engine_failure(exc) from exc
        data = json.dumps(message_body(ref, generation.completion)).encode()
        return {
            "body": StreamingBody(io.BytesIO(data), len(data)),
            "contentType": "application/json",
        }

    def InvokeModelWithResponseStream(self, request: Request, params: Params) -> Response:
        ref = self.model(request, params, INVOKE_STREAM)
        events = _chunks(ref, self._anthropic(ref, params))
        return {
            "body": EventStream(events, "InvokeModelWithResponseStream"),
            "contentType": "application/json",
        }

    def _anthropic(self, ref: ModelRef, params: Params) -> Generation:
        if not ref.model_id.startswith("anthropic."):
            provider = ref.model_id.split(".", 1)[0]
            raise NotServedError(
                f"fourbeat reads InvokeModel bodies in Anthropic's format, not {provider}'s",
                fix=f"Call Converse for {ref.model_id}: its request is the same for every model.",
            )
        body = parse_body(params.get("body", b""))
        return self.generation(body.messages, body.sampling, body.system, body.tools)


def _content(completion: Completion) -> list[dict[str, Any]]:
    call = completion.tool_call
    if call is None:
        return [{"type": "text", "text": completion.text}]
    return [
        {
            "type": "tool_use",
            "id": tool_use_id("toolu_bdrk_"),
            "name": call.name,
            "input": call.input,
        }
    ]


def _usage(completion: Completion) -> dict[str, int]:
    return {"input_tokens": completion.input_tokens, "output_tokens": completion.output_tokens}


def message_body(ref: ModelRef, completion: Completion) -> dict[str, Any]:
    return {
        "id": tool_use_id("msg_bdrk_"),
        "type": "message",
        "role": "assistant",
        "model": ref.model_id,
        "content": _content(completion),
        "stop_reason": completion.stop_reason.value,
        "stop_sequence": completion.stop_sequence,
        "usage": _usage(completion),
    }


def _chunk(event: dict[str, Any]) -> dict[str, Any]:
    return {"chunk": {"bytes": json.dumps(event).encode()}}


def _chunks(ref: ModelRef, generation: Generation) -> Iterator[dict[str, Any]]:
    """Anthropic's streaming events, each as one Bedrock ``chunk``."""
    start: dict[str, Any] = {
        "id": tool_use_id("msg_bdrk_"),
        "type": "message",
        "role": "assistant",
        "model": ref.model_id,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {"input_tokens": 0, "output_tokens": 0},
    }
    yield _chunk({"type": "message_start", "message": start})
    block = {"type": "text", "text": ""}
    yield _chunk({"type": "content_block_start", "index": 0, "content_block": block})
    for delta in generation:
        text = {"type": "text_delta", "text": delta}
        yield _chunk({"type": "content_block_delta", "index": 0, "delta": text})
    yield _chunk({"type": "content_block_stop", "index": 0})
    completion = generation.completion
    if completion.tool_call is not None:
        use = _content(completion)[0]
        yield _chunk(
            {"type": "content_block_start", "index": 1, "content_block": {**use, "input": {}}}
        )
        partial = {"type": "input_json_delta", "partial_json": json.dumps(use["input"])}
        yield _chunk({"type": "content_block_delta", "index": 1, "delta": partial})
        yield _chunk({"type": "content_block_stop", "index": 1})
    stop = {"stop_reason": completion.stop_reason.value, "stop_sequence": completion.stop_sequence}
    yield _chunk(
        {
            "type": "message_delta",
            "delta": stop,
            "usage": {"output_tokens": completion.output_tokens},
        }
    )
    yield _chunk(
        {
            "type": "message_stop",
            "amazon-bedrock-invocationMetrics": {
                "inputTokenCount": completion.input_tokens,
                "outputTokenCount": completion.output_tokens,
                "invocationLatency": round(completion.timings.get("total", 0.0) * 1000),
                "firstByteLatency": round(completion.timings.get("first_token", 0.0) * 1000),
            },
        }
    )
