"""What the language-model engine takes and gives: chat messages, sampling settings, tools,
and a finished completion with its stop reason and token counts.

Everything here is frozen and independent of any API: a service turns its request (Bedrock's
Converse, the Anthropic Messages body) into these and the completion back into its response.
This module imports nothing from fourbeat.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    text: str


@dataclass(frozen=True)
class Sampling:
    """How tokens are drawn. A fixed seed makes a temperature above zero repeatable too."""

    max_tokens: int = 512
    temperature: float = 1.0
    top_p: float = 0.999
    stop: tuple[str, ...] = ()
    seed: int = 0


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    schema: dict[str, Any]
    """The JSON schema the tool's input must satisfy."""


class ToolChoice(enum.Enum):
    AUTO = "auto"
    """The model decides whether to call a tool."""
    ANY = "any"
    """The model must call one of the tools."""
    TOOL = "tool"
    """The model must call the named tool."""


@dataclass(frozen=True)
class Tools:
    tools: tuple[Tool, ...] = ()
    choice: ToolChoice = ToolChoice.AUTO
    name: str | None = None
    """With ``ToolChoice.TOOL``, the tool that must be called."""

    def forced(self) -> tuple[Tool, ...]:
        """The tools generation must choose among now, or () when the model may answer."""
        if self.choice is ToolChoice.TOOL:
            return tuple(t for t in self.tools if t.name == self.name)
        return self.tools if self.choice is ToolChoice.ANY else ()


class StopReason(enum.Enum):
    END_TURN = "end_turn"
    MAX_TOKENS = "max_tokens"
    STOP_SEQUENCE = "stop_sequence"
    TOOL_USE = "tool_use"


@dataclass(frozen=True)
class ToolCall:
    name: str
    input: dict[str, Any]


@dataclass(frozen=True)
class Completion:
    text: str
    """The answer's text (empty for a tool call)."""
    stop_reason: StopReason
    input_tokens: int
    output_tokens: int
    stop_sequence: str | None = None
    """The stop sequence that ended generation, when one did."""
    tool_call: ToolCall | None = None
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds: ``first_token`` (from the start of the call) and ``total``."""
