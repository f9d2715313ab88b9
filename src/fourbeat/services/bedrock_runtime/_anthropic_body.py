"""The Anthropic Messages body of InvokeModel, checked as Bedrock checks it.

Bedrock validates the body against the model's JSON schema before the model sees it and
answers ``Malformed input request: #: required key [max_tokens] not found, please reformat
your input and try again.`` (every failure in one message); what passes is then checked by
the model itself, whose messages Bedrock passes on (``messages: roles must alternate…``).
https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fourbeat.ai.llm import Message, Sampling, Tool, ToolChoice, Tools
from fourbeat.services._base import NotServedError
from fourbeat.services.bedrock_runtime._core import reject

VERSION = "bedrock-2023-05-31"
REQUIRED = ("anthropic_version", "max_tokens", "messages")
ALLOWED = frozenset(
    (
        *REQUIRED,
        "anthropic_beta",
        "system",
        "temperature",
        "top_p",
        "top_k",
        "stop_sequences",
        "tools",
        "tool_choice",
        "metadata",
    )
)


@dataclass(frozen=True)
class AnthropicRequest:
    messages: list[Message]
    system: str
    sampling: Sampling
    tools: Tools


def parse_body(body: Any) -> AnthropicRequest:
    raw = body.read() if hasattr(body, "read") else body
    try:
        doc = json.loads(raw)
    except (ValueError, TypeError) as exc:
        raise _malformed(["#: expected type: JSONObject, found: String"]) from exc
    if not isinstance(doc, dict):
        raise _malformed([f"#: expected type: JSONObject, found: {type(doc).__name__}"])
    problems = [f"#: required key [{key}] not found" for key in REQUIRED if key not in doc]
    problems += [f"#: extraneous key [{key}] is not permitted" for key in doc if key not in ALLOWED]
    if problems:
        raise _malformed(problems)
    if doc["anthropic_version"] != VERSION:
        raise reject("Invalid API version")
    return AnthropicRequest(
        _messages(doc["messages"]), _system(doc.get("system")), _sampling(doc), _tools(doc)
    )


def _malformed(problems: list[str]) -> Exception:
    return reject(
        "Malformed input request: "
        + "".join(problems)
        + ", please reformat your input and try again."
    )


def _messages(messages: Any) -> list[Message]:
    if not isinstance(messages, list) or not messages:
        raise reject("messages: at least one message is required")
    if messages[0].get("role") != "user":
        raise reject('messages: first message must use the "user" role')
    result = []
    for index, message in enumerate(messages):
        role = message.get("role")
        if index and role == messages[index - 1].get("role"):
            raise reject(
                'messages: roles must alternate between "user" and "assistant", '
                f'but found multiple "{role}" roles in a row'
            )
        text = _content_text(message.get("content"))
        if not text.strip():
            raise reject(
                f"messages.{index}: all messages must have non-empty content except for the "
                "optional final assistant message"
            )
        result.append(Message(role, text))
    return result


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    parts = []
    for block in content or []:
        kind = block.get("type")
        if kind == "text":
            parts.append(str(block.get("text", "")))
        elif kind == "tool_use":
            call = {"name": block.get("name"), "arguments": block.get("input")}
            parts.append(f"<tool_call>\n{json.dumps(call)}\n</tool_call>")
        elif kind == "tool_result":
            inner = block.get("content")
            text = inner if isinstance(inner, str) else _content_text(inner)
            parts.append(f"<tool_response>\n{text}\n</tool_response>")
        else:
            raise NotServedError(f"fourbeat's Bedrock serves text content blocks, not {kind}")
    return "\n".join(parts)


def _system(system: Any) -> str:
    if isinstance(system, list):
        return "\n".join(str(b.get("text", "")) for b in system)
    return str(system or "")


def _sampling(doc: dict[str, Any]) -> Sampling:
    return Sampling(
        max_tokens=int(doc["max_tokens"]),
        temperature=float(doc.get("temperature", 1.0)),
        top_p=float(doc.get("top_p", 0.999)),
        stop=tuple(doc.get("stop_sequences") or ()),
    )


def _tools(doc: dict[str, Any]) -> Tools:
    tools = tuple(
        Tool(t["name"], t.get("description", ""), dict(t.get("input_schema") or {}))
        for t in doc.get("tools") or []
    )
    choice = doc.get("tool_choice") or {"type": "auto"}
    kind = choice.get("type")
    if kind == "tool":
        if choice.get("name") not in {t.name for t in tools}:
            raise reject(f"tool_choice: tool {choice.get('name')} is not in tools")
        return Tools(tools, ToolChoice.TOOL, choice["name"])
    return Tools(tools, ToolChoice.ANY if kind == "any" else ToolChoice.AUTO)
