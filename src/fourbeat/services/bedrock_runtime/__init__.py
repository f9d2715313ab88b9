"""bedrock-runtime: Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream and
CountTokens served by a local language model (``fourbeat.ai.llm``), for every Bedrock text
model id.

One service class, ``BedrockRuntime``, from three operation groups: Converse (``_converse``,
request checks in ``_converse_input``), InvokeModel with the Anthropic Messages body
(``_invoke``, body checks in ``_anthropic_body``) and CountTokens (``_count``). Model ids and
their IAM resources are ``_models``; streams are ``_stream``. Imports ``services._base``,
``ai.llm``, ``errors``.
"""

from __future__ import annotations

from fourbeat.services.bedrock_runtime._converse import ConverseOperations
from fourbeat.services.bedrock_runtime._count import CountOperations
from fourbeat.services.bedrock_runtime._invoke import InvokeOperations

__all__ = ["BedrockRuntime"]


class BedrockRuntime(ConverseOperations, InvokeOperations, CountOperations):
    name = "bedrock-runtime"
