"""CountTokens: the input tokens a Converse or InvokeModel request would be charged, counted
with the same prompt the request would give the model (so it equals that call's
``usage.inputTokens``), after the same checks the call makes.
https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html
"""

from __future__ import annotations

from fourbeat.services._base import Params, Request, Response
from fourbeat.services.bedrock_runtime._anthropic_body import parse_body
from fourbeat.services.bedrock_runtime._converse_input import messages_of, system_of, tools_of
from fourbeat.services.bedrock_runtime._core import BedrockCore, reject

COUNT = "bedrock:CountTokens"


class CountOperations(BedrockCore):
    def CountTokens(self, request: Request, params: Params) -> Response:
        self.model(request, params, COUNT)
        given = params.get("input") or {}
        if "converse" in given:
            converse = given["converse"]
            messages, system = messages_of(converse), system_of(converse)
            tools = tools_of(converse)
        elif "invokeModel" in given:
            body = parse_body(given["invokeModel"].get("body", b""))
            messages, system, tools = body.messages, body.system, body.tools
        else:
            raise reject("The input field must hold converse or invokeModel.")
        return {"inputTokens": self.engine().input_tokens(messages, system, tools)}
