"""Bedrock on the local model: tokens per second and time to first token through boto3's
ConverseStream, against llama-cpp-python called directly with the same prompt, the same
loaded model and the same settings, in one run.

- **fourbeat**: ``converse_stream`` on a cloud's client (model id resolution, IAM, request
  checks, the chat template, token-by-token generation with stop-sequence and token
  bookkeeping, the event stream); time to first token is the first ``contentBlockDelta``.
- **raw**: ``Llama.create_chat_completion(stream=True)`` on the very ``Llama`` the engine
  holds (the model's own chat template, llama-cpp-python's own streaming loop); time to first
  token is the first chunk with content.

Both sides answer a prompt that runs past ``max_tokens``, greedily, so each round produces
exactly ``TOKENS`` tokens on both sides and tokens per second is ``TOKENS`` over the round's
time. Rounds alternate between the sides and the fastest round counts (see ``_harness``).
The target is fourbeat's overhead at most 5%: fourbeat/raw >= 0.95, printed PASS or MISS and
never asserted. Run: ``python -m pytest bench/test_bedrock_bench.py -m bench -s``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from fourbeat import Cloud
from fourbeat.ai.llm import default_engine, model_unavailable

_UNAVAILABLE = model_unavailable()
pytestmark = [
    pytest.mark.bench,
    pytest.mark.timeout(600),
    pytest.mark.skipif(_UNAVAILABLE is not None, reason=_UNAVAILABLE or ""),
]

TOKENS = 64
ROUNDS = 4
TARGET = 0.95
PROMPT = "Write a long story about a lighthouse keeper and a storm."
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"


def _fourbeat_round(client: Any) -> tuple[float, float, int]:
    """(seconds to first token, seconds in all, tokens) through ConverseStream."""
    start = time.perf_counter()
    response = client.converse_stream(
        modelId=MODEL,
        messages=[{"role": "user", "content": [{"text": PROMPT}]}],
        inferenceConfig={"maxTokens": TOKENS, "temperature": 0.0},
    )
    first = None
    tokens = 0
    for event in response["stream"]:
        if first is None and "contentBlockDelta" in event:
            first = time.perf_counter()
        if "metadata" in event:
            tokens = event["metadata"]["usage"]["outputTokens"]
    end = time.perf_counter()
    return (first or end) - start, end - start, tokens


def _raw_round(llama: Any) -> tuple[float, float, int]:
    """The same request straight to llama-cpp-python."""
    start = time.perf_counter()
    chunks = llama.create_chat_completion(
        messages=[{"role": "user", "content": PROMPT}],
        max_tokens=TOKENS,
        temperature=0.0,
        seed=0,
        stream=True,
    )
    first = None
    reason = None
    for chunk in chunks:
        choice = chunk["choices"][0]
        if first is None and choice["delta"].get("content"):
            first = time.perf_counter()
        reason = choice.get("finish_reason") or reason
    end = time.perf_counter()
    assert reason == "length", reason
    return (first or end) - start, end - start, TOKENS


def test_bedrock_converse_stream_against_llama_cpp(tmp_path: Path) -> None:
    llama = default_engine().llama
    cloud = Cloud(tmp_path / "cloud")
    try:
        client = cloud.client("bedrock-runtime")
        _fourbeat_round(client), _raw_round(llama)  # warm-up: load, caches
        ours, raw = [], []
        for _ in range(ROUNDS):
            ours.append(_fourbeat_round(client))
            raw.append(_raw_round(llama))
    finally:
        cloud.close()
    assert all(tokens == TOKENS for _, _, tokens in ours), ours
    ours_rate = max(tokens / total for _, total, tokens in ours)
    raw_rate = max(tokens / total for _, total, tokens in raw)
    ours_first = min(first for first, _, _ in ours) * 1000
    raw_first = min(first for first, _, _ in raw) * 1000
    ratio = ours_rate / raw_rate
    verdict = "PASS" if ratio >= TARGET else "MISS"
    print(
        f"\nbedrock ConverseStream vs llama-cpp-python ({TOKENS} tokens, {ROUNDS} rounds, best):"
        f"\n  tokens/s        fourbeat {ours_rate:6.1f}   raw {raw_rate:6.1f}   "
        f"fourbeat/raw {ratio:.3f} (target >= {TARGET}: {verdict})"
        f"\n  first token ms  fourbeat {ours_first:6.1f}   raw {raw_first:6.1f}"
    )
