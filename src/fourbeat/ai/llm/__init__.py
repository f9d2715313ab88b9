"""A local language model for fourbeat's Bedrock: a packaged GGUF model (assembled from its
PyPI parts into the user's cache), run by llama-cpp-python, warm for the life of the process.

``default_engine()`` is the packaged default model (Qwen2.5 0.5B Instruct); ``LlmEngine`` takes
any GGUF file. Requests are chat ``Message``s with ``Sampling`` settings and optional ``Tools``;
the answer is a ``Completion`` with its stop reason and exact token counts. Like the rest of
``fourbeat.ai``, this package imports nothing else of fourbeat, and its errors (``LlmError``
and subclasses) are its own, for a service to map to its API's errors.
"""

from __future__ import annotations

from fourbeat.ai.llm._engine import (
    Generation,
    LlmEngine,
    default_engine,
    default_threads,
    grammar_schema,
    llama_available,
    model_unavailable,
    shared_engine,
)
from fourbeat.ai.llm._errors import (
    BadModel,
    GenerationFailed,
    LlmError,
    ModelMissing,
    PromptTooLong,
)
from fourbeat.ai.llm._types import (
    Completion,
    Message,
    Sampling,
    StopReason,
    Tool,
    ToolCall,
    ToolChoice,
    Tools,
)
from fourbeat.ai.llm._weights import QWEN_05B, ModelSpec, assemble, check_gguf, default_cache_dir

__all__ = [
    "QWEN_05B",
    "BadModel",
    "Completion",
    "Generation",
    "GenerationFailed",
    "LlmEngine",
    "LlmError",
    "Message",
    "ModelMissing",
    "ModelSpec",
    "PromptTooLong",
    "Sampling",
    "StopReason",
    "Tool",
    "ToolCall",
    "ToolChoice",
    "Tools",
    "assemble",
    "check_gguf",
    "default_cache_dir",
    "default_engine",
    "default_threads",
    "grammar_schema",
    "llama_available",
    "model_unavailable",
    "shared_engine",
]
