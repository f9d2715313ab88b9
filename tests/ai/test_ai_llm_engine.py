"""The engine on the packaged model, greedy (temperature 0, fixed seed): stop reasons, exact
token counts, streaming, and tool calls constrained by their schema. Assertions are about
structure and constraints, never the model's wording."""

from __future__ import annotations

import pytest
from _llm_support import WEATHER, assert_valid, needs_model

from fourbeat.ai.llm import (
    GenerationFailed,
    LlmEngine,
    Message,
    PromptTooLong,
    Sampling,
    StopReason,
    Tool,
    ToolChoice,
    Tools,
    default_engine,
)

pytestmark = needs_model

GREEDY = Sampling(max_tokens=8, temperature=0.0, seed=7)
ASK = [Message("user", "Write a long story about a lighthouse keeper.")]
WEATHER_TOOL = Tool("get_weather", "The weather forecast for a city", WEATHER)


@pytest.fixture(scope="module")
def engine() -> LlmEngine:
    return default_engine()


def test_max_tokens_truncates_at_exactly_that_many_tokens(engine: LlmEngine) -> None:
    done = engine.chat(ASK, GREEDY)
    assert done.stop_reason is StopReason.MAX_TOKENS
    assert done.output_tokens == 8
    assert 0 < engine.count_tokens(done.text) <= 9
    assert done.input_tokens == engine.count_tokens(engine.prompt(ASK))
    assert done.timings["first_token"] <= done.timings["total"]


def test_greedy_generation_repeats_and_streams_the_same_text(engine: LlmEngine) -> None:
    first = engine.chat(ASK, GREEDY)
    stream = engine.stream(ASK, GREEDY)
    deltas = list(stream)
    assert "".join(deltas) == first.text == stream.completion.text
    assert len(deltas) > 1


def test_a_stop_sequence_ends_the_answer_before_it(engine: LlmEngine) -> None:
    count = [Message("user", "Count from 1 to 20, separated by commas.")]
    done = engine.chat(count, Sampling(max_tokens=40, temperature=0.0, stop=("7",)))
    assert done.stop_reason is StopReason.STOP_SEQUENCE
    assert done.stop_sequence == "7"
    assert "7" not in done.text
    assert done.output_tokens < 40


def test_a_forced_tool_call_satisfies_its_schema(engine: LlmEngine) -> None:
    tools = Tools((WEATHER_TOOL,), ToolChoice.TOOL, "get_weather")
    ask = [Message("user", "Should I bring an umbrella in Oslo this week?")]
    done = engine.chat(ask, Sampling(max_tokens=60, temperature=0.0), tools=tools)
    assert done.stop_reason is StopReason.TOOL_USE
    assert done.tool_call is not None and done.tool_call.name == "get_weather"
    assert_valid(done.tool_call.input, WEATHER)
    assert done.text == ""


def test_a_tool_call_cut_by_max_tokens_is_max_tokens(engine: LlmEngine) -> None:
    tools = Tools((WEATHER_TOOL,), ToolChoice.ANY)
    done = engine.chat(ASK, Sampling(max_tokens=6, temperature=0.0), tools=tools)
    assert done.stop_reason is StopReason.MAX_TOKENS
    assert done.tool_call is None and done.output_tokens == 6


def test_a_prompt_longer_than_the_context_is_refused(engine: LlmEngine) -> None:
    huge = [Message("user", "lighthouse " * (engine.n_ctx + 10))]
    with pytest.raises(PromptTooLong, match="context holds"):
        engine.chat(huge, GREEDY)


def test_a_second_generation_while_a_stream_is_open_is_an_error(engine: LlmEngine) -> None:
    stream = iter(engine.stream(ASK, GREEDY))
    next(stream)
    with pytest.raises(GenerationFailed, match="still open"):
        engine.chat(ASK, GREEDY)
    stream.close()  # type: ignore[attr-defined]
    assert engine.chat(ASK, GREEDY).output_tokens == 8
