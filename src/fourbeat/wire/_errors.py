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


def _query_code(service: str, shape_name: str) -> tuple[str, str, int | None] | None:
    """The legacy ``(code, Sender|Receiver, status)`` that an awsQueryCompatible service sends."""
    entry = _spec_patches().get("query_error_codes", {}).get(service, {}).get(shape_name)
    return None if entry is None else (entry["code"], entry["type"], entry.get("status"))


@cache
def _error_shapes(service_model: ServiceModel) -> dict[str, Any]:
    return {shape.name: shape for shape in service_model.error_shapes}


def error_response(
    operation: OperationModel, error: AwsError, metadata: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """The HTTP status and the parsed response for ``error``, as botocore would parse it."""
    service_model = operation.service_model
    shape = _error_shapes(service_model).get(error.code)
    modeled = shape.metadata.get("error", {}) if shape is not None else {}
    legacy = _query_code(service_model.service_name, error.code)
    status = error.status or modeled.get("httpStatusCode") or (legacy and legacy[2]) or 400
    if operation.http.get("method") == "HEAD":
        body = {"Code": str(status), "Message": http.client.responses.get(status, "")}
    else:
        body = _error_body(service_model, error, modeled, legacy, status)
    metadata["HTTPStatusCode"] = status
    return status, {"Error": body, "ResponseMetadata": metadata}


def _error_body(
    service_model: ServiceModel,
    error: AwsError,
    modeled: dict[str, Any],
    legacy: tuple[str, str, int | None] | None,
    status: int,
) -> dict[str, Any]:
    sender = modeled.get("senderFault", status < 500)
    body: dict[str, Any] = {"Code": modeled.get("code") or error.code, "Message": error.message}
    if service_model.protocol == "query":  # <Error><Type>Sender</Type><Code>…
        body["Type"] = "Sender" if sender else "Receiver"
    elif "awsQueryCompatible" in service_model.metadata and (legacy or modeled.get("code")):
        # A JSON service that left the query protocol: botocore reports the old code and
        # keeps the shape name in QueryErrorCode (x-amzn-query-error header).
        code, kind = legacy[:2] if legacy else (modeled["code"], "Sender" if sender else "Receiver")
        body.update(Code=code, Type=kind, QueryErrorCode=error.code)
    body.update({k: str(v) for k, v in error.fields.items()})
    return body
