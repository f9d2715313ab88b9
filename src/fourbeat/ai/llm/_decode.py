"""Drawing tokens: one pass of ``Llama.generate`` with the engine's own bookkeeping.

A ``Draw`` holds what one pass needs (prompt tokens, sampling, token budget, an optional
grammar) and what it produced (text, token count, why it stopped). ``run_draw`` yields text as
soon as it cannot be the start of a stop sequence, so a stream never shows text that a stop
sequence later removes. In a tool pass the text is the call's JSON and nothing is yielded;
the pass ends as soon as the JSON is complete.

This module imports nothing from fourbeat outside ``fourbeat.ai.llm``.
"""

from __future__ import annotations

import codecs
import json
import re
import time
from collections.abc import Iterator, Sequence
from typing import Any

from fourbeat.ai.llm._types import Completion, Sampling, StopReason, Tool, ToolCall

TOOL_TAG = "<tool_call>"
TOOL_OPEN = TOOL_TAG + "\n"
"""How Qwen's chat template has the model open a tool call (its template lists the tools
and asks for ``<tool_call>{"name": ..., "arguments": ...}</tool_call>``)."""
TOP_K = 40
FENCES = ("", "```json", "```")
_WHITESPACE = re.compile(r"\s+")


def tool_grammar_schema(tools: Sequence[Tool]) -> dict[str, Any]:
    """The JSON schema of a call to one of ``tools``: its name and arguments."""
    variants: list[dict[str, Any]] = [
        {
            "type": "object",
            "properties": {"name": {"const": t.name}, "arguments": t.schema},
            "required": ["name", "arguments"],
            "additionalProperties": False,
        }
        for t in tools
    ]
    return variants[0] if len(variants) == 1 else {"oneOf": variants}


class Draw:
    def __init__(self, llama: Any, prompt: list[int], sampling: Sampling, budget: int):
        self.llama = llama
        self.prompt = prompt
        self.sampling = sampling
        self.budget = budget
        self.grammar: Any = None
        self.tools: tuple[Tool, ...] = ()
        self.text = ""
        self.emitted = 0
        self.output_tokens = 0
        self.stop_reason: StopReason | None = None
        self.stop_sequence: str | None = None
        self.first_token: float | None = None
        self.watch_for_tool = False
        self.openings: tuple[str, ...] = ()
        """How a tool call may start, without whitespace (set with ``watch``)."""
        self.wants_tool = False

    def watch(self, tools: Sequence[Tool]) -> None:
        """Hold the answer back until its start shows whether it calls one of ``tools``."""
        self.watch_for_tool = True
        fenced = [f'{fence}{{"name":{json.dumps(t.name)}' for t in tools for fence in FENCES]
        self.openings = (TOOL_TAG, *fenced)

    def constrained(self, tools: Sequence[Tool], prefix: str) -> Draw:
        """A new pass that continues the prompt with ``prefix`` and then must produce a call
        to one of ``tools`` (the prefix counts as output: the model's answer holds it)."""
        from llama_cpp.llama_grammar import LlamaGrammar

        opened = self.llama.tokenize(prefix.encode(), add_bos=False, special=True)
        draw = Draw(self.llama, self.prompt + opened, self.sampling, self.budget)
        draw.grammar = LlamaGrammar.from_json_schema(
            json.dumps(tool_grammar_schema(tools)), verbose=False
        )
        draw.tools = tuple(tools)
        draw.output_tokens = len(opened)
        draw.first_token = self.first_token
        return draw

    def release(self) -> str:
        """The text that can be shown now; sets ``stop_reason`` when the pass is over."""
        if self.tools:
            if self.text.rstrip().endswith("}") and _parses(self.text):
                self.stop_reason = StopReason.TOOL_USE
            return ""
        if self.watch_for_tool and not self._decide_tool():
            return ""
        return self._release_text()

    def _decide_tool(self) -> bool:
        """Whether the answer is text, once its start shows it is not a tool call (until then
        it is held back). Small models often open a call as JSON, bare or in a code fence,
        rather than with the template's tag; a call is recognised either way."""
        start = _WHITESPACE.sub("", self.text)
        if any(start.startswith(opening) for opening in self.openings):
            self.wants_tool = True
            self.stop_reason = StopReason.TOOL_USE
            return False
        if any(opening.startswith(start) for opening in self.openings):
            return False
        self.watch_for_tool = False
        return True

    def _release_text(self) -> str:
        text, stops = self.text, self.sampling.stop
        hits = [(text.find(s), s) for s in stops if s and s in text]
        if hits:
            index, sequence = min(hits)
            self.text = text[:index]
            self.stop_reason, self.stop_sequence = StopReason.STOP_SEQUENCE, sequence
            return self._flush()
        held = max((_overlap(text, s) for s in stops if s), default=0)
        safe = len(text) - held
        delta = text[self.emitted : safe] if safe > self.emitted else ""
        self.emitted = max(self.emitted, safe)
        return delta

    def _flush(self) -> str:
        delta = self.text[self.emitted :] if not self.tools and not self.wants_tool else ""
        self.emitted = len(self.text)
        return delta

    def finish(self, input_tokens: int, start: float) -> Completion:
        end = time.perf_counter()
        timings = {"first_token": (self.first_token or end) - start, "total": end - start}
        reason = self.stop_reason or StopReason.END_TURN
        if self.tools:
            call = _parses(self.text) if reason is StopReason.TOOL_USE else None
            if call is None:  # the budget ran out inside the call's JSON
                return Completion(
                    "", StopReason.MAX_TOKENS, input_tokens, self.output_tokens, timings=timings
                )
            tool_call = ToolCall(str(call["name"]), dict(call["arguments"]))
            return Completion(
                "",
                StopReason.TOOL_USE,
                input_tokens,
                self.output_tokens,
                tool_call=tool_call,
                timings=timings,
            )
        return Completion(
            self.text,
            reason,
            input_tokens,
            self.output_tokens,
            stop_sequence=self.stop_sequence,
            timings=timings,
        )


def run_draw(draw: Draw) -> Iterator[str]:
    """Draw tokens until end of turn, a stop sequence, a finished tool call or the budget."""
    import llama_cpp

    llama, sampling = draw.llama, draw.sampling
    vocab = llama._model.vocab
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    llama.set_seed(sampling.seed)
    tokens = llama.generate(
        draw.prompt,
        top_k=TOP_K,
        top_p=sampling.top_p,
        min_p=0.0,
        temp=sampling.temperature,
        grammar=draw.grammar,
    )
    try:
        while draw.stop_reason is None and draw.output_tokens < draw.budget:
            token = next(tokens)
            if draw.first_token is None:
                draw.first_token = time.perf_counter()
            if llama_cpp.llama_vocab_is_eog(vocab, token):
                draw.stop_reason = StopReason.END_TURN
                break
            draw.output_tokens += 1
            draw.text += decoder.decode(llama.detokenize([token], special=True))
            if delta := draw.release():
                yield delta
    finally:
        tokens.close()
    if draw.stop_reason is None:
        draw.stop_reason = StopReason.MAX_TOKENS
    if delta := draw._flush():
        yield delta


def _overlap(text: str, stop: str) -> int:
    """How many of ``text``'s last characters could be the start of ``stop``."""
    for size in range(min(len(stop) - 1, len(text)), 0, -1):
        if text.endswith(stop[:size]):
            return size
    return 0


def _parses(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
