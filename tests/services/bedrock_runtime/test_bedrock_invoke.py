"""InvokeModel and InvokeModelWithResponseStream with the Anthropic Messages body: the
response body's format, stop reasons and tool_use blocks."""

from __future__ import annotations

import json
from typing import Any

from _bedrock_support import HAIKU, WEATHER, assert_valid, needs_model

from fourbeat.testing import assert_output_shape

pytestmark = needs_model


def _body(**fields: Any) -> str:
    base = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 8,
        "temperature": 0.0,
        "messages": [{"role": "user", "content": "Write a long story about a lighthouse."}],
    }
    return json.dumps({**base, **fields})


def test_invoke_model_answers_in_anthropics_message_format(bedrock: Any) -> None:
    response = bedrock.invoke_model(modelId=HAIKU, body=_body(system="Be brief."))
    body = json.loads(response["body"].read())
    assert_output_shape("bedrock-runtime", "InvokeModel", {**response, "body": b""})
    assert response["contentType"] == "application/json"
    assert (body["type"], body["role"], body["model"]) == ("message", "assistant", HAIKU)
    assert body["id"].startswith("msg_bdrk_")
    assert [block["type"] for block in body["content"]] == ["text"]
    assert body["stop_reason"] == "max_tokens" and body["stop_sequence"] is None
    assert body["usage"]["output_tokens"] == 8 and body["usage"]["input_tokens"] > 0


def test_a_stop_sequence_is_named_in_the_body(bedrock: Any) -> None:
    messages = [{"role": "user", "content": [{"type": "text", "text": "Count from 1 to 20."}]}]
    body = _body(messages=messages, max_tokens=60, stop_sequences=["7"])
    answer = json.loads(bedrock.invoke_model(modelId=HAIKU, body=body)["body"].read())
    assert (answer["stop_reason"], answer["stop_sequence"]) == ("stop_sequence", "7")


def test_a_forced_tool_is_a_tool_use_block_with_valid_input(bedrock: Any) -> None:
    tools = [{"name": "get_weather", "description": "Weather in a city", "input_schema": WEATHER}]
    body = _body(max_tokens=60, tools=tools, tool_choice={"type": "tool", "name": "get_weather"})
    answer = json.loads(bedrock.invoke_model(modelId=HAIKU, body=body)["body"].read())
    assert answer["stop_reason"] == "tool_use"
    block = answer["content"][0]
    assert (block["type"], block["name"]) == ("tool_use", "get_weather")
    assert block["id"].startswith("toolu_bdrk_")
    assert_valid(block["input"], WEATHER)


def test_the_response_stream_carries_anthropics_events_in_chunks(bedrock: Any) -> None:
    response = bedrock.invoke_model_with_response_stream(modelId=HAIKU, body=_body())
    events = [json.loads(event["chunk"]["bytes"]) for event in response["body"]]
    kinds = [event["type"] for event in events]
    assert kinds[:2] == ["message_start", "content_block_start"]
    assert kinds[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert events[-2]["delta"]["stop_reason"] == "max_tokens"
    assert events[-2]["usage"]["output_tokens"] == 8
    metrics = events[-1]["amazon-bedrock-invocationMetrics"]
    assert metrics["inputTokenCount"] > 0 and metrics["outputTokenCount"] == 8
