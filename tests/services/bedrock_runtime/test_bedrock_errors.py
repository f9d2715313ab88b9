"""bedrock-runtime's refusals, with Bedrock's codes and wording: model ids, conversations,
Anthropic bodies, IAM, and what fourbeat does not serve. Only the prompt-length check runs
the model; every other refusal comes before it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from _bedrock_support import GREEDY, HAIKU, TOOLS, assistant, error_of, needs_model, user
from botocore.exceptions import ClientError

from fourbeat import Cloud
from fourbeat.services import NotServedError

INVALID = ("ValidationException", "The provided model identifier is invalid.")


def _converse_error(bedrock: Any, **params: Any) -> tuple[str, str]:
    params.setdefault("modelId", HAIKU)
    params.setdefault("messages", [user("Hello")])
    with pytest.raises(ClientError) as exc:
        bedrock.converse(inferenceConfig=GREEDY, **params)
    return error_of(exc)


@pytest.mark.parametrize("model", ["gpt-4o", "claude-3-haiku", "anthropic", "my-model-v1"])
def test_an_id_that_is_not_a_bedrock_model_is_invalid(bedrock: Any, model: str) -> None:
    assert _converse_error(bedrock, modelId=model) == INVALID


def test_a_conversation_must_start_with_the_user(bedrock: Any) -> None:
    code, message = _converse_error(bedrock, messages=[assistant("Hi"), user("Hello")])
    assert code == "ValidationException"
    assert message.startswith("A conversation must start with a user message.")


def test_roles_must_alternate(bedrock: Any) -> None:
    code, message = _converse_error(bedrock, messages=[user("Hi"), user("Hello")])
    assert code == "ValidationException"
    assert message.startswith("A conversation must alternate between user and assistant roles.")


def test_empty_content_and_blank_text_are_named_by_position(bedrock: Any) -> None:
    empty = [user("Hi"), {"role": "assistant", "content": []}, user("Go on")]
    assert _converse_error(bedrock, messages=empty)[1] == (
        "The content field in the Message object at messages.1 is empty. "
        "Add a ContentBlock object to the content field and try again."
    )
    blank = [{"role": "user", "content": [{"text": "Hi"}, {"text": "  "}]}]
    assert _converse_error(bedrock, messages=blank)[1] == (
        "The text field in the ContentBlock object at messages.0.content.1 is blank. "
        "Add text to the text field, and try again."
    )


def test_tool_blocks_need_a_tool_config(bedrock: Any) -> None:
    use = {"toolUse": {"toolUseId": "tooluse_1", "name": "get_weather", "input": {}}}
    messages = [user("Weather?"), {"role": "assistant", "content": [use]}]
    assert _converse_error(bedrock, messages=[*messages, user("Thanks")]) == (
        "ValidationException",
        "The toolConfig field must be defined when using toolUse and toolResult content blocks.",
    )


def test_a_chosen_tool_must_be_defined(bedrock: Any) -> None:
    config = {**TOOLS, "toolChoice": {"tool": {"name": "get_time"}}}
    assert _converse_error(bedrock, toolConfig=config)[0] == "ValidationException"


def test_guardrails_and_images_are_not_served(bedrock: Any) -> None:
    guard = {"guardrailIdentifier": "g1", "guardrailVersion": "1"}
    with pytest.raises(NotServedError, match="guardrail"):
        bedrock.converse(modelId=HAIKU, messages=[user("Hi")], guardrailConfig=guard)
    image = {"image": {"format": "png", "source": {"bytes": b"\x89PNG"}}}
    with pytest.raises(NotServedError, match="not image"):
        bedrock.converse(modelId=HAIKU, messages=[{"role": "user", "content": [image]}])


@needs_model
def test_a_prompt_longer_than_the_context_is_too_long(bedrock: Any) -> None:
    huge = [user("lighthouse " * 5000)]
    assert _converse_error(bedrock, messages=huge) == (
        "ValidationException",
        "Input is too long for requested model.",
    )


def _invoke_error(bedrock: Any, body: Any, model: str = HAIKU) -> tuple[str, str]:
    with pytest.raises(ClientError) as exc:
        bedrock.invoke_model(
            modelId=model, body=body if isinstance(body, str) else json.dumps(body)
        )
    return error_of(exc)


def test_an_anthropic_body_is_checked_against_its_schema(bedrock: Any) -> None:
    code, message = _invoke_error(bedrock, {"messages": [], "prompt": "x"})
    assert code == "ValidationException"
    assert message == (
        "Malformed input request: #: required key [anthropic_version] not found"
        "#: required key [max_tokens] not found#: extraneous key [prompt] is not permitted, "
        "please reformat your input and try again."
    )
    assert _invoke_error(bedrock, "not json")[1].startswith("Malformed input request: ")


def test_an_anthropic_conversation_follows_anthropics_rules(bedrock: Any) -> None:
    base = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 5}
    twice = [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]
    assert _invoke_error(bedrock, {**base, "messages": twice})[1] == (
        'messages: roles must alternate between "user" and "assistant", '
        'but found multiple "user" roles in a row'
    )
    first = [{"role": "assistant", "content": "a"}]
    assert _invoke_error(bedrock, {**base, "messages": first})[1] == (
        'messages: first message must use the "user" role'
    )
    assert _invoke_error(bedrock, {**base, "anthropic_version": "2023-06-01", "messages": twice})[
        1
    ] == ("Invalid API version")


def test_invoke_model_reads_only_anthropic_bodies(bedrock: Any) -> None:
    with pytest.raises(NotServedError, match="Converse"):
        bedrock.invoke_model(modelId="amazon.nova-lite-v1:0", body=json.dumps({"inputText": "x"}))
    assert _invoke_error(bedrock, {}, model="not-a-model") == INVALID


def _caller(cloud: Cloud, policy: dict[str, Any] | None) -> Any:
    iam = cloud.client("iam")
    iam.create_user(UserName="caller")
    if policy is not None:
        iam.put_user_policy(UserName="caller", PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="caller")["AccessKey"]
    return cloud.client(
        "bedrock-runtime",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def _allow(action: str, *resources: str) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Action": action, "Resource": list(resources)}
    return {"Version": "2012-10-17", "Statement": [statement]}


FOUNDATION = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.*"
PROFILE = "arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.anthropic.*"
BAD_CONVERSATION = [assistant("Hi")]
"""Refused after authorization, so a ValidationException shows IAM allowed the call."""


def test_invoking_needs_bedrock_invoke_model_on_the_foundation_model(cloud: Cloud) -> None:
    denied = _caller(cloud, None)
    with pytest.raises(ClientError) as exc:
        denied.converse(modelId=HAIKU, messages=BAD_CONVERSATION)
    code, message = error_of(exc)
    assert code == "AccessDeniedException" and "bedrock:InvokeModel" in message
    assert "foundation-model/" + HAIKU in message


def test_allowed_on_the_foundation_model_passes_iam(cloud: Cloud) -> None:
    caller = _caller(cloud, _allow("bedrock:InvokeModel", FOUNDATION))
    assert _converse_error(caller, messages=BAD_CONVERSATION)[0] == "ValidationException"
    with pytest.raises(ClientError) as exc:  # streaming is its own action
        caller.converse_stream(modelId=HAIKU, messages=BAD_CONVERSATION)
    assert error_of(exc)[0] == "AccessDeniedException"
    profile = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"
    assert _converse_error(caller, modelId=profile)[0] == "AccessDeniedException"


def test_an_inference_profile_needs_the_profile_and_the_model(cloud: Cloud) -> None:
    caller = _caller(cloud, _allow("bedrock:InvokeModel", FOUNDATION, PROFILE))
    profile = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"
    code, _ = _converse_error(caller, modelId=profile, messages=BAD_CONVERSATION)
    assert code == "ValidationException"
