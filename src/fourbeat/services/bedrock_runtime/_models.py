"""Which model ids bedrock-runtime accepts, and the resources IAM checks for each.

Every Bedrock text model id (``anthropic.claude-3-haiku-20240307-v1:0``, ``amazon.nova-lite-v1:0``,
``meta.llama3-8b-instruct-v1:0``, ``mistral.mistral-7b-instruct-v0:2``…), a cross-region
inference profile id (``us.anthropic.…``, ``global.…``) and the ARN of either is served by the
one local model. Anything else is Bedrock's ``The provided model identifier is invalid.``

Invoking a model needs ``bedrock:InvokeModel`` on the foundation model's ARN
(``arn:aws:bedrock:REGION::foundation-model/MODEL_ID``, no account); through an inference
profile it needs the action on the profile too.
https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fourbeat.errors import AwsError

_PROVIDERS = (
    "ai21|amazon|anthropic|cohere|deepseek|google|meta|minimax|mistral|moonshot|nvidia"
    "|openai|qwen|twelvelabs|writer"
)
_GEOS = "us|us-gov|eu|apac|jp|au|ca|global"
_MODEL = rf"(?:{_PROVIDERS})\.[a-z0-9-]+(?:[.:][a-z0-9-]+)*"
_ID = re.compile(rf"(?:(?P<geo>{_GEOS})\.)?(?P<model>{_MODEL})")
_FOUNDATION_ARN = re.compile(
    rf"arn:aws:bedrock:(?P<region>[a-z0-9-]+)::foundation-model/(?P<model>{_MODEL})"
)
_PROFILE_ARN = re.compile(
    rf"arn:aws:bedrock:(?P<region>[a-z0-9-]+):(?P<account>\d{{12}}):inference-profile/"
    rf"(?P<geo>{_GEOS})\.(?P<model>{_MODEL})"
)


@dataclass(frozen=True)
class ModelRef:
    model_id: str
    """The foundation model's id (the profile's geography removed)."""
    resources: tuple[str, ...]
    """What IAM must allow ``bedrock:InvokeModel`` on."""


def invalid_model() -> AwsError:
    return AwsError("ValidationException", "The provided model identifier is invalid.", 400)


def resolve(model_id: str, region: str, account: str) -> ModelRef:
    """The foundation model behind ``model_id`` and the ARNs IAM checks for it."""
    if found := _ID.fullmatch(model_id):
        model = found["model"]
        foundation = f"arn:aws:bedrock:{region}::foundation-model/{model}"
        if found["geo"] is None:
            return ModelRef(model, (foundation,))
        profile = f"arn:aws:bedrock:{region}:{account}:inference-profile/{model_id}"
        return ModelRef(model, (profile, foundation))
    if found := _FOUNDATION_ARN.fullmatch(model_id):
        return ModelRef(found["model"], (model_id,))
    if found := _PROFILE_ARN.fullmatch(model_id):
        model = found["model"]
        foundation = f"arn:aws:bedrock:{found['region']}::foundation-model/{model}"
        return ModelRef(model, (model_id, foundation))
    raise invalid_model()
