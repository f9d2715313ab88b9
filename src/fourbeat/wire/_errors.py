"""AwsError -> the parsed error response botocore raises as its own ``ClientError`` subclass.

Status codes and wire codes come from the service model's error shapes; what the model lacks
(SQS's legacy query codes) comes from ``spec_patches.json``. HEAD operations carry no body on
AWS, so their errors reach the caller as the bare status (``404``, ``Not Found``).
"""

from __future__ import annotations

import http.client
import json
from functools import cache
from importlib import resources
from typing import Any

from botocore.model import OperationModel, ServiceModel

from fourbeat.errors import AwsError


@cache
def _spec_patches() -> dict[str, Any]:
    text = resources.files("fourbeat.wire").joinpath("spec_patches.json").read_text()
    patches: dict[str, Any] = json.loads(text)
    return patches


def _query_code(service: str, shape_name: str) -> tuple[str, str] | None:
    """The legacy ``(code, Sender|Receiver)`` that an awsQueryCompatible service sends."""
    entry = _spec_patches().get("query_error_codes", {}).get(service, {}).get(shape_name)
    return None if entry is None else (entry["code"], entry["type"])


@cache
def _error_shapes(service_model: ServiceModel) -> dict[str, Any]:
    return {shape.name: shape for shape in service_model.error_shapes}


def error_response(
    operation: OperationModel, error: AwsError, metadata: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """The HTTP status and the parsed response for ``error``, as botocore would parse it."""
    service_model = operation.service_model
    shape = _error_shapes(service_model).get(error.code)
    status = error.status
    body: dict[str, Any] = {"Code": error.code, "Message": error.message}
    if shape is not None:
        modeled = shape.metadata.get("error", {})
        status = status or modeled.get("httpStatusCode")
        if modeled.get("code"):
            body["QueryErrorCode"] = error.code
            body["Code"] = modeled["code"]
            body["Type"] = "Sender" if modeled.get("senderFault") else "Receiver"
    legacy = _query_code(service_model.service_name, error.code)
    if legacy is not None:
        body["QueryErrorCode"] = error.code
        body["Code"], body["Type"] = legacy
    status = status or 400
    if operation.http.get("method") == "HEAD":
        body = {"Code": str(status), "Message": http.client.responses.get(status, "")}
    else:
        body.update({k: str(v) for k, v in error.fields.items()})
    metadata["HTTPStatusCode"] = status
    return status, {"Error": body, "ResponseMetadata": metadata}
