"""Converse and ConverseStream on the local model, greedy: response shape, stop reasons,
token usage and tool use constrained by the tool's schema. Never the model's wording."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _bedrock_support import GREEDY, HAIKU, TOOLS, WEATHER, assert_valid, needs_model, user

from fourbeat.testing import assert_output_shape

pytestmark = needs_model
STORY = [user("Write a long story about a lighthouse keeper.")]


MODEL_IDS = [
    HAIKU,
    "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
    "amazon.nova-lite-v1:0",
    "meta.llama3-8b-instruct-v1:0",
    "mistral.mistral-7b-instruct-v0:2",
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
]


@pytest.mark.parametrize("model", MODEL_IDS)
def test_every_bedrock_model_id_is_served_by_the_local_model(bedrock: Any, model: str) -> None:
    given = {"converse": {"messages": STORY}}
    assert bedrock.count_tokens(modelId=model, input=given)["inputTokens"] > 0


@pytest.mark.parametrize("model", MODEL_IDS[:3])
def test_converse_answers_in_bedrocks_shape(bedrock: Any, model: str) -> None:
    response = bedrock.converse(modelId=model, messages=STORY, inferenceConfig=GREEDY)
    assert_output_shape("bedrock-runtime", "Converse", response)
    assert response["output"]["message"]["role"] == "assistant"
    assert response["output"]["message"]["content"][0]["text"]
    assert response["stopReason"] == "max_tokens"
    usage = response["usage"]
    assert usage["outputTokens"] == 8 and usage["inputTokens"] > 0
    assert usage["totalTokens"] == usage["inputTokens"] + usage["outputTokens"]
    assert response["metrics"]["latencyMs"] > 0


def test_the_system_prompt_counts_as_input(bedrock: Any) -> None:
    def input_tokens(system: str) -> int:
        given = {"converse": {"messages": STORY, "system": [{"text": system}]}}
        return int(bedrock.count_tokens(modelId=HAIKU, input=given)["inputTokens"])

    assert input_tokens("Be terse. Answer in one sentence, in plain words.") > input_tokens(
        "Be terse."
    )


def test_a_stop_sequence_stops_the_answer(bedrock: Any) -> None:
    config = {"maxTokens": 40, "temperature": 0.0, "stopSequences": ["7"]}
    messages = [user("Count from 1 to 20, separated by commas.")]
    response = bedrock.converse(modelId=HAIKU, messages=messages, inferenceConfig=config)
    assert response["stopReason"] == "stop_sequence"
    assert "7" not in response["output"]["message"]["content"][0]["text"]


@pytest.mark.parametrize("choice", [{"any": {}}, {"tool": {"name": "get_weather"}}])
def test_a_required_tool_is_called_with_schema_valid_input(bedrock: Any, choice: Any) -> None:
    response = bedrock.converse(
        modelId=HAIKU,
        messages=[user("I am going to Lisbon tomorrow.")],
        inferenceConfig={"maxTokens": 60, "temperature": 0.0},
        toolConfig={**TOOLS, "toolChoice": choice},
    )
    assert response["stopReason"] == "tool_use"
    use = response["output"]["message"]["content"][0]["toolUse"]
    # assert_output_shape reads a document's members as a structure's, so check it without.
    bare = {**response, "output": {"message": {"role": "assistant", "content": []}}}
    assert_output_shape("bedrock-runtime", "Converse", bare)
    assert use["name"] == "get_weather" and use["toolUseId"].startswith("tooluse_")
    assert_valid(use["input"], WEATHER)


def test_the_model_may_choose_a_tool_under_auto(bedrock: Any) -> None:
    response = bedrock.converse(
        modelId=HAIKU,
        messages=[user("What is the weather in Paris right now, in celsius?")],
        inferenceConfig={"maxTokens": 60, "temperature": 0.0},
        toolConfig=TOOLS,
    )
    block = response["output"]["message"]["content"][0]
    if response["stopReason"] == "tool_use":
        assert_valid(block["toolUse"]["input"], WEATHER)
    else:
        assert response["stopReason"] in ("end_turn", "max_tokens") and "text" in block


def test_converse_stream_sends_bedrocks_event_sequence(bedrock: Any) -> None:
    response = bedrock.converse_stream(modelId=HAIKU, messages=STORY, inferenceConfig=GREEDY)
    events = list(response["stream"])
    kinds = [next(iter(event)) for event in events]
    assert kinds[0] == "messageStart" and kinds[-3:] == [
        "contentBlockStop",
        "messageStop",
        "metadata",
    ]
    assert set(kinds[1:-3]) == {"contentBlockDelta"}
    whole = bedrock.converse(modelId=HAIKU, messages=STORY, inferenceConfig=GREEDY)
    text = "".join(e["contentBlockDelta"]["delta"]["text"] for e in events[1:-3])
    assert text == whole["output"]["message"]["content"][0]["text"]
    assert events[-2]["messageStop"]["stopReason"] == "max_tokens"
    assert events[-1]["metadata"]["usage"] == whole["usage"]


def test_converse_stream_sends_a_tool_call_as_a_tool_use_block(bedrock: Any) -> None:
    response = bedrock.converse_stream(
        modelId=HAIKU,
        messages=[user("Weather in Rome?")],
        inferenceConfig={"maxTokens": 60, "temperature": 0.0},
        toolConfig={**TOOLS, "toolChoice": {"any": {}}},
    )
    events = list(response["stream"])
    start = next(e["contentBlockStart"] for e in events if "contentBlockStart" in e)
    assert start["start"]["toolUse"]["name"] == "get_weather"
    delta = next(e["contentBlockDelta"]["delta"] for e in events if "contentBlockDelta" in e)
    assert_valid(json.loads(delta["toolUse"]["input"]), WEATHER)
    assert events[-2]["messageStop"]["stopReason"] == "tool_use"


def test_count_tokens_equals_the_calls_input_tokens(bedrock: Any) -> None:
    system = [{"text": "Be terse."}]
    counted = bedrock.count_tokens(
        modelId=HAIKU, input={"converse": {"messages": STORY, "system": system}}
    )
    assert_output_shape("bedrock-runtime", "CountTokens", counted)
    called = bedrock.converse(modelId=HAIKU, messages=STORY, system=system, inferenceConfig=GREEDY)
    assert counted["inputTokens"] == called["usage"]["inputTokens"]
    body = json.dumps(
        {
            "anthropic_version": "bedrock-2023-05-31",
            "max_tokens": 8,
            "system": "Be terse.",
            "messages": [{"role": "user", "content": STORY[0]["content"][0]["text"]}],
        }
    )
    invoked = bedrock.count_tokens(modelId=HAIKU, input={"invokeModel": {"body": body}})
    assert invoked["inputTokens"] == counted["inputTokens"]
