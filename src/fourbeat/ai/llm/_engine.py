"""The language-model engine: one GGUF model loaded by llama-cpp-python, kept warm, serving one
generation at a time.

A request is chat messages, sampling settings and optional tools. The prompt is the model's
own chat template (from the GGUF metadata, rendered as llama-cpp-python renders it), and
tokens are drawn one by one with ``Llama.generate`` so the engine itself sees every token: it
counts them exactly, stops at ``max_tokens``, and finds stop sequences in the decoded text
(llama.cpp's own stop handling cannot say which sequence matched, which Bedrock reports).

Tool calls are constrained, never parsed hopefully: when a tool must be called, or when the
model starts a ``<tool_call>`` of its own accord, generation restarts under a grammar made
from the tools' JSON schemas (llama.cpp's JSON-schema-to-grammar), so the input always parses
and matches its schema. The model is loaded once per process and path (``shared_engine``):
its weights are read-only and take seconds to load, which no Cloud should pay twice.

This module imports nothing from fourbeat outside ``fourbeat.ai.llm``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from fourbeat.ai.llm._decode import TOOL_OPEN, Draw, run_draw, tool_grammar_schema
from fourbeat.ai.llm._errors import GenerationFailed, ModelMissing, PromptTooLong
from fourbeat.ai.llm._types import Completion, Message, Sampling, Tool, Tools
from fourbeat.ai.llm._weights import QWEN_05B, ModelSpec, assemble, check_gguf, part_files

DEFAULT_CONTEXT = 4096
NO_TOOLS = Tools()


def default_threads() -> int:
    """``$FOURBEAT_LLM_THREADS``, else one thread per core this process may run on: llama.cpp
    slows sharply when its threads outnumber the cores (they spin-wait on each other at every
    layer), so processes that share the cores (test workers) should split them."""
    explicit = os.environ.get("FOURBEAT_LLM_THREADS", "")
    if explicit.isdigit() and int(explicit) > 0:
        return int(explicit)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def llama_available() -> bool:
    """Whether llama-cpp-python is installed (tests skip model-running cases without it)."""
    import importlib.util

    try:
        return importlib.util.find_spec("llama_cpp") is not None
    except ValueError:  # a None in sys.modules: the import is blocked
        return False


def model_unavailable(spec: ModelSpec = QWEN_05B) -> str | None:
    """Why the default model cannot run here (llama-cpp-python or a part missing), or None."""
    if not llama_available():
        return "llama-cpp-python is not installed"
    try:
        part_files(spec)
    except ModelMissing as exc:
        return str(exc)
    return None


class LlmEngine:
    """A loaded model; ``chat`` and ``stream`` are serialized by one lock."""

    def __init__(
        self, model_path: Path, *, n_ctx: int = DEFAULT_CONTEXT, n_threads: int | None = None
    ) -> None:
        check_gguf(model_path)
        try:
            import llama_cpp
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter
        except ImportError as exc:
            raise ModelMissing(
                "llama-cpp-python is not installed "
                '(CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install llama-cpp-python)'
            ) from exc
        self.model_path = model_path
        self._lock = threading.Lock()
        self._owner: int | None = None
        """The thread generating now: one that starts a second generation gets an error."""
        threads = n_threads or default_threads()
        try:
            self.llama: Any = llama_cpp.Llama(
                model_path=str(model_path),
                n_ctx=n_ctx,
                n_threads=threads,
                n_threads_batch=threads,
                seed=0,
                verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise GenerationFailed(f"llama.cpp could not load {model_path}: {exc}") from exc
        meta = self.llama.metadata
        eos = self.llama._model.token_get_text(self.llama.token_eos())
        self._formatter: Any = Jinja2ChatFormatter(
            template=meta["tokenizer.chat_template"], eos_token=eos, bos_token=""
        )
        self.n_ctx: int = self.llama.n_ctx()

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode(), add_bos=False, special=True))

    def prompt(self, messages: Sequence[Message], system: str = "", tools: Tools = NO_TOOLS) -> str:
        """The chat template rendered for these messages, ending where the answer starts."""
        chat: list[dict[str, Any]] = [{"role": "system", "content": system}] if system else []
        chat += [{"role": m.role, "content": m.text} for m in messages]
        specs = [
            {
                "type": "function",
                "function": {"name": t.name, "description": t.description, "parameters": t.schema},
            }
            for t in tools.tools
        ]
        return str(self._formatter(messages=chat, tools=specs or None).prompt)

    def input_tokens(
        self, messages: Sequence[Message], system: str = "", tools: Tools = NO_TOOLS
    ) -> int:
        """The tokens a request's prompt takes: ``Completion.input_tokens`` of a chat."""
        return len(self._prompt_tokens(messages, system, tools))

    def _prompt_tokens(self, messages: Sequence[Message], system: str, tools: Tools) -> list[int]:
        prompt = self.prompt(messages, system, tools)
        tokens: list[int] = self.llama.tokenize(prompt.encode(), add_bos=False, special=True)
        return tokens

    def chat(
        self,
        messages: Sequence[Message],
        sampling: Sampling,
        *,
        system: str = "",
        tools: Tools = NO_TOOLS,
    ) -> Completion:
        stream = self.stream(messages, sampling, system=system, tools=tools)
        for _ in stream:
            pass
        return stream.completion

    def stream(
        self,
        messages: Sequence[Message],
        sampling: Sampling,
        *,
        system: str = "",
        tools: Tools = NO_TOOLS,
    ) -> Generation:
        """Text as it is generated; the finished ``Completion`` once iteration ends."""
        tokens = self._prompt_tokens(messages, system, tools)
        if len(tokens) >= self.n_ctx:
            raise PromptTooLong(
                f"the prompt has {len(tokens)} tokens; the context holds {self.n_ctx}"
            )
        return Generation(self, tokens, sampling, tools)


class Generation:
    """One generation in progress: iterate for text deltas; ``completion`` afterwards."""

    def __init__(self, engine: LlmEngine, tokens: list[int], sampling: Sampling, tools: Tools):
        self._engine = engine
        self._tokens = tokens
        self._sampling = sampling
        self._tools = tools
        self._completion: Completion | None = None

    @property
    def completion(self) -> Completion:
        if self._completion is None:
            raise RuntimeError("the generation has not finished")
        return self._completion

    def __iter__(self) -> Iterator[str]:
        engine = self._engine
        if engine._owner == threading.get_ident():  # waiting would wait forever
            raise GenerationFailed(
                "a generation of this model is still open in this thread: "
                "read its stream to the end or close() it first"
            )
        with engine._lock:
            engine._owner = threading.get_ident()
            try:
                yield from self._run()
            finally:
                engine._owner = None

    def _run(self) -> Iterator[str]:
        engine = self._engine
        start = time.perf_counter()
        budget = min(self._sampling.max_tokens, engine.n_ctx - len(self._tokens))
        forced = self._tools.forced()
        draw = Draw(engine.llama, self._tokens, self._sampling, budget)
        if forced:
            draw = draw.constrained(forced, prefix=TOOL_OPEN)
        elif self._tools.tools:
            draw.watch(self._tools.tools)
        try:
            yield from run_draw(draw)
            if draw.wants_tool:
                draw = draw.constrained(self._tools.tools, prefix=TOOL_OPEN)
                yield from run_draw(draw)
        except (RuntimeError, ValueError) as exc:
            raise GenerationFailed(f"llama.cpp failed while generating: {exc}") from exc
        self._completion = draw.finish(len(self._tokens), start)


def grammar_schema(tools: Sequence[Tool]) -> dict[str, Any]:
    """The JSON schema a constrained tool call follows (exposed for tests)."""
    return tool_grammar_schema(tools)


@cache
def shared_engine(model_path: Path, n_ctx: int = DEFAULT_CONTEXT) -> LlmEngine:
    """The process's engine for this model file, loaded on first use and kept warm."""
    return LlmEngine(model_path, n_ctx=n_ctx)


def default_engine(spec: ModelSpec = QWEN_05B, cache_dir: Path | None = None) -> LlmEngine:
    """The packaged default model, assembled into the cache once, loaded once per process."""
    return shared_engine(assemble(spec, cache_dir))
