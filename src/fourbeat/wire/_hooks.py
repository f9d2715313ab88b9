"""Serve a botocore client in process, the way botocore's own Stubber does.

Two handlers go on a client's event emitter: ``before-parameter-build`` keeps the params the
caller passed (after botocore's own param handlers, such as idempotency tokens, have run), and
``before-call`` answers the call, so botocore never opens a connection. Botocore has already
validated the params against the model; its after-call handlers and error factory then treat
the answer exactly as a real response.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel

from fourbeat.errors import AwsError
from fourbeat.services import Request
from fourbeat.services._base import new_request_id
from fourbeat.wire._errors import error_response

if TYPE_CHECKING:
    from fourbeat.cloud import Cloud

PARAMS_KEY = "fourbeat.params"
PARAMS_ID = "fourbeat-params"


class ClientHooks:
    """The handlers for clients served by whichever cloud ``resolve`` returns (None: pass)."""

    def __init__(self, resolve: Callable[[], Cloud | None]) -> None:
        self._resolve = resolve
        self._id = f"fourbeat-{id(self)}"

    def install(self, emitter: Any) -> None:
        """Answer this emitter's calls, ahead of any hooks installed before."""
        emitter.register_last("before-parameter-build", self.keep_params, unique_id=PARAMS_ID)
        emitter.register_first("before-call", self.answer, unique_id=self._id)

    def uninstall(self, emitter: Any) -> None:
        emitter.unregister("before-call", unique_id=self._id)

    @staticmethod
    def keep_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        context[PARAMS_KEY] = params

    def answer(
        self,
        model: OperationModel,
        context: dict[str, Any],
        request_signer: Any,
        **_: Any,
    ) -> tuple[AWSResponse, dict[str, Any]] | None:
        cloud = self._resolve()
        if cloud is None:
            return None
        return serve(cloud, model, context, _access_key(request_signer))


def serve(
    cloud: Cloud, model: OperationModel, context: dict[str, Any], access_key: str | None
) -> tuple[AWSResponse, dict[str, Any]]:
    service_name = model.service_model.service_name
    request_id = new_request_id()
    metadata = _metadata(model, request_id)
    try:
        service = cloud.service(service_name)
        principal = cloud.identities.principal_for(
            access_key,
            cloud.clock.now(),
            service=model.service_model.signing_name,
            region=context["client_region"],
        )
        request = Request(service_name, model.name, principal, context["client_region"], request_id)
        parsed = service.dispatch(request, context.get(PARAMS_KEY, {}))
    except AwsError as error:
        status, parsed = error_response(model, error, metadata)
        return AWSResponse(None, status, {}, None), parsed
    status = parsed.pop("ResponseMetadata", {}).get("HTTPStatusCode", 200)
    metadata["HTTPStatusCode"] = status
    parsed["ResponseMetadata"] = metadata
    return AWSResponse(None, status, {}, None), parsed


def _metadata(model: OperationModel, request_id: str) -> dict[str, Any]:
    """ResponseMetadata as botocore fills it from a real response's headers."""
    if model.service_model.endpoint_prefix == "s3":  # S3 names its request ids differently
        host_id = base64.b64encode(request_id.encode()).decode()
        headers = {"x-amz-request-id": request_id, "x-amz-id-2": host_id}
        return {
            "RequestId": request_id,
            "HostId": host_id,
            "HTTPHeaders": headers,
            "RetryAttempts": 0,
        }
    return {
        "RequestId": request_id,
        "HTTPHeaders": {"x-amzn-requestid": request_id},
        "RetryAttempts": 0,
    }


def _access_key(request_signer: Any) -> str | None:
    credentials = getattr(request_signer, "_credentials", None)
    if credentials is None:
        return None
    return str(credentials.get_frozen_credentials().access_key)
