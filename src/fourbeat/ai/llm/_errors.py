"""The language-model engine's errors, in the engine's own terms.

::

    LlmError                  the base; never raised itself
    ├── ModelMissing          no model file, or a model package that is not installed
    ├── BadModel              a file that is not GGUF, or parts that do not hash to the pin
    ├── PromptTooLong         the prompt does not fit the model's context window
    └── GenerationFailed      llama.cpp itself failed (a crash, an unusable grammar)

A service maps these to its API's errors (bedrock-runtime: ``ValidationException`` for a prompt
that is too long, ``ModelNotReadyException`` for a missing model); the engine never names them.
This module imports nothing from fourbeat.
"""

from __future__ import annotations


class LlmError(Exception):
    """A request the language-model engine could not serve."""


class ModelMissing(LlmError):
    """The model is not installed where the engine looks for it."""


class BadModel(LlmError):
    """The model file exists but is not the model it claims to be."""


class PromptTooLong(LlmError):
    """The prompt holds more tokens than the model's context window."""


class GenerationFailed(LlmError):
    """llama.cpp failed for a reason that is not the request's fault."""
