"""A Converse request as the engine takes it, checked the way Bedrock checks it.

Bedrock's own messages: a conversation must start with a user message and alternate roles; a
message's content must hold a block, and a text block must not be blank; toolUse and
toolResult blocks need a toolConfig.
https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
Earlier tool calls and their results become text in the prompt, the way the model's chat
template shows them. Images, documents and other media are not served.
"""

from __future__ import annotations

import json
from typing import Any

from fourbeat.ai.llm import Message, Sampling, Tool, ToolChoice, Tools
from fourbeat.services._base import NotServedError, Params
from fourbeat.services.bedrock_runtime._core import reject

DEFAULT_MAX_TOKENS = 512
"""Bedrock's default is the model's own maximum; locally a shorter answer keeps calls quick."""

START = (
    "A conversation must start with a user message. "
    "Try again with a conversation that starts with a user message."
)
ALTERNATE = (
    "A conversation must alternate between user and assistant roles. Make sure the "
    "conversation alternates between user and assistant roles and try again."
)
NEEDS_TOOLS = (
    "The toolConfig field must be defined when using toolUse and toolResult content blocks."
)


def messages_of(params: Params) -> list[Message]:
    messages = params.get("messages") or []
    if not messages or messages[0].get("role") != "user":
        raise reject(START)
    has_tools = bool(params.get("toolConfig"))
    result: list[Message] = []
    for index, message in enumerate(messages):
        if index and message.get("role") == messages[index - 1].get("role"):
            raise reject(ALTERNATE)
        content = message.get("content") or []
        if not content:
            raise reject(
                f"The content field in the Message object at messages.{index} is empty. "
                "Add a ContentBlock object to the content field and try again."
            )
        parts = [
            _block_text(b, f"messages.{index}.content.{k}", has_tools)
            for k, b in enumerate(content)
        ]
        result.append(Message(message["role"], "\n".join(parts)))
    return result


def _block_text(block: dict[str, Any], where: str, has_tools: bool) -> str:
    if "text" in block:
        if not block["text"].strip():
            raise reject(
                f"The text field in the ContentBlock object at {where} is blank. "
                "Add text to the text field, and try again."
            )
        return str(block["text"])
    if "toolUse" in block or "toolResult" in block:
        if not has_tools:
            raise reject(NEEDS_TOOLS)
        return _tool_text(block)
    kind = next(iter(block), "unknown")
    raise NotServedError(
        f"fourbeat's Bedrock serves text content blocks, not {kind} (at {where})",
        fix="Send text, toolUse and toolResult blocks only.",
    )


def _tool_text(block: dict[str, Any]) -> str:
    if "toolUse" in block:
        use = block["toolUse"]
        call = {"name": use.get("name"), "arguments": use.get("input")}
        return f"<tool_call>\n{json.dumps(call)}\n</tool_call>"
    result = block["toolResult"]
    parts = [
        item["text"] if "text" in item else json.dumps(item.get("json"))
        for item in result.get("content") or []
    ]
    return "<tool_response>\n" + "\n".join(parts) + "\n</tool_response>"


def system_of(params: Params) -> str:
    return "\n".join(str(b["text"]) for b in params.get("system") or [] if "text" in b)


def sampling_of(params: Params) -> Sampling:
    config = params.get("inferenceConfig") or {}
    return Sampling(
        max_tokens=int(config.get("maxTokens", DEFAULT_MAX_TOKENS)),
        temperature=float(config.get("temperature", 1.0)),
        top_p=float(config.get("topP", 0.999)),
        stop=tuple(config.get("stopSequences") or ()),
    )


def tools_of(params: Params) -> Tools:
    config = params.get("toolConfig")
    if not config:
        return Tools()
    tools = tuple(
        Tool(
            spec["name"],
            spec.get("description", ""),
            dict(spec.get("inputSchema", {}).get("json") or {"type": "object"}),
        )
        for item in config.get("tools") or []
        if (spec := item.get("toolSpec"))
    )
    choice = config.get("toolChoice") or {"auto": {}}
    if "tool" in choice:
        name = choice["tool"].get("name")
        if name not in {t.name for t in tools}:
            raise reject(f"The tool {name} in toolChoice is not defined in toolConfig.tools.")
        return Tools(tools, ToolChoice.TOOL, name)
    return Tools(tools, ToolChoice.ANY if "any" in choice else ToolChoice.AUTO)
