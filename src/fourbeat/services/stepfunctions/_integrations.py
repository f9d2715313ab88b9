"""Task resources: calls to other services, made with a client for the state machine's role.

``arn:aws:states:::aws-sdk:SERVICE:action`` calls any operation of a service fourbeat serves
(``s3:getObject`` is S3's GetObject, with the API's own parameter names); the optimized
``arn:aws:states:::sqs:sendMessage`` and ``arn:aws:states:::lambda:invoke`` do the same for
their one action, and a function ARN as the resource invokes the function and returns its
result alone. The call takes the same
path as any boto3 call, so IAM sees the role's session and botocore checks the parameters. A
failure becomes the task's error as Step Functions names it (``S3.NoSuchKeyException`` for
SDK calls, ``SQS.AmazonSQSException`` for the optimized one); a service or pattern fourbeat
does not serve fails the execution with States.Runtime, naming it (as runtime errors do on
AWS, it is not caught by States.ALL).
https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from botocore import xform_name
from botocore.exceptions import ClientError, ParamValidationError, UnknownServiceError
from botocore.response import StreamingBody

from fourbeat.iam import Credentials
from fourbeat.services._base import Environment, NotServedError
from fourbeat.states import StatesError

_SDK = "arn:aws:states:::aws-sdk:"
_OPTIMIZED = "arn:aws:states:::"
SESSION_SECONDS = 3600.0
_RENEW_BEFORE = 300.0
# The aws-sdk integration's service names where they differ from botocore's, and the prefix
# of the error names (the SDK's service class name).
_BOTOCORE_NAMES = {"sfn": "stepfunctions", "eventbridge": "events"}
_ERROR_PREFIX = {
    "dynamodb": "DynamoDb", "events": "EventBridge", "iam": "Iam", "lambda": "Lambda",
    "s3": "S3", "sns": "Sns", "sqs": "Sqs", "stepfunctions": "Sfn", "sts": "Sts",
}  # fmt: skip
# https://docs.aws.amazon.com/step-functions/latest/dg/connect-sqs.html
# https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
_OPTIMIZED_PARAMETERS = {
    "lambda:invoke": {
        "FunctionName",
        "Payload",
        "InvocationType",
        "LogType",
        "ClientContext",
        "Qualifier",
    },
    "sqs:sendMessage": {
        "QueueUrl",
        "MessageBody",
        "DelaySeconds",
        "MessageAttributes",
        "MessageDeduplicationId",
        "MessageGroupId",
    },
}
_OPTIMIZED_ACTIONS = set(_OPTIMIZED_PARAMETERS)
_JSON_BODIES = {"MessageBody", "Payload"}
"""Members the optimized integrations serialize when the state gives them JSON."""
_FUNCTION = "arn:aws:lambda:"
"""A function ARN as the resource: the original Lambda integration, whose result is the
function's own result."""

Invoke = Callable[[str, Any], Any]


class Integrations:
    """Clients for state machine roles, reused while their sessions last."""

    def __init__(self, env: Environment) -> None:
        self._env = env
        self._sessions: dict[str, Credentials] = {}
        self._clients: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def invoker(self, role_arn: str, session_name: str) -> Invoke:
        def invoke(resource: str, parameters: Any) -> Any:
            if resource.startswith(_FUNCTION):
                client = self._client("lambda", role_arn, session_name)
                call = {"FunctionName": resource, "Payload": parameters}
                return _call(client, "lambda", "invoke", call)["Payload"]
            service, action = _target(resource)
            try:
                client = self._client(service, role_arn, session_name)
                return _call(client, service, action, parameters)
            except (NotServedError, UnknownServiceError) as missing:
                raise StatesError(
                    "States.Runtime", f"the resource '{resource}' cannot run here: {missing}"
                ) from None

        return invoke

    def _client(self, service: str, role_arn: str, session_name: str) -> Any:
        with self._lock:
            creds = self._sessions.get(role_arn)
            now = self._env.clock.now()
            if creds is None or (creds.expiration or 0) - now < _RENEW_BEFORE:
                role = role_arn.rsplit("/", 1)[-1]
                try:
                    creds = self._env.identities.issue_session(
                        role, session_name[:64], now, SESSION_SECONDS
                    )
                except KeyError:
                    raise StatesError(
                        "States.Runtime",
                        f"the state machine's role {role_arn} no longer exists",
                    ) from None
                self._sessions[role_arn] = creds
            key = (service, creds.access_key_id)
            if key not in self._clients:
                self._clients[key] = self._env.client(service, creds)
            return self._clients[key]


def _target(resource: str) -> tuple[str, str]:
    """(botocore service name, camelCase action) of a Task resource; a ``.waitForTaskToken``
    resource makes the same call (the state machine then waits for the token's answer)."""
    resource = resource.removesuffix(".waitForTaskToken")
    if resource.startswith(_SDK):
        service, _, action = resource[len(_SDK) :].partition(":")
        _refuse_pattern(resource, action)
        return _BOTOCORE_NAMES.get(service, service), action
    if resource.startswith(_OPTIMIZED):
        target = resource[len(_OPTIMIZED) :]
        _refuse_pattern(resource, target)
        if target in _OPTIMIZED_ACTIONS:
            service, _, action = target.partition(":")
            return service, action
    raise StatesError(
        "States.Runtime",
        f"fourbeat does not serve the Task resource '{resource}' yet; served: aws-sdk "
        f"integrations and {', '.join(sorted(_OPTIMIZED_ACTIONS))}",
    )


def _refuse_pattern(resource: str, action: str) -> None:
    if ".sync" in action:
        raise StatesError(
            "States.Runtime",
            f"fourbeat does not serve the .sync integration pattern yet (resource '{resource}')",
        )


def _call(client: Any, service: str, action: str, parameters: Any) -> Any:
    operation = action[:1].upper() + action[1:]
    if operation not in client.meta.service_model.operation_names:
        raise StatesError(
            "States.Runtime",
            f"the {service} API has no action {action} (operation {operation})",
        )
    optimized = f"{service}:{action}" in _OPTIMIZED_ACTIONS
    try:
        response = getattr(client, xform_name(operation))(**_arguments(service, action, parameters))
    except ClientError as error:
        raise (_optimized_error if optimized else _sdk_error)(service, error) from None
    except ParamValidationError as error:
        raise StatesError(f"{_prefix(service)}.ValidationException", str(error)) from None
    metadata = response.pop("ResponseMetadata", {})
    if (service, action) == ("lambda", "invoke"):
        response["Payload"] = _function_result(response)
    result = _json_safe(response)
    if optimized:
        result.update(_sdk_metadata(metadata))
    return result


def _function_result(response: dict[str, Any]) -> Any:
    """The function's result as JSON; a function error fails the task with the error's type as
    its name and the error document as its cause, as the Lambda integrations report it."""
    text = response["Payload"].read().decode()
    try:
        payload = json.loads(text) if text else None
    except ValueError:
        payload = text
    if "FunctionError" in response:
        kind = payload.get("errorType") if isinstance(payload, dict) else None
        raise StatesError(kind or "Lambda.Unknown", text)
    return payload


def _sdk_error(service: str, error: ClientError) -> StatesError:
    """``S3.NoSuchKeyException``: the SDK integration always adds the Exception suffix, and
    words the cause as the Java SDK v2 does."""
    code, message, status, request_id = _error_parts(error)
    prefix = _prefix(service)
    name = code if code.endswith("Exception") else f"{code}Exception"
    cause = f"{message} (Service: {prefix}, Status Code: {status}, Request ID: {request_id})"
    return StatesError(f"{prefix}.{name}", cause)


def _optimized_error(service: str, error: ClientError) -> StatesError:
    """The optimized integrations' errors: ``SQS.AmazonSQSException``, Java SDK v1 causes."""
    code, message, status, request_id = _error_parts(error)
    if service == "lambda":  # the Java SDK v1 names Lambda's errors by their own classes
        cause = (
            f"{message} (Service: AWSLambda; Status Code: {status}; Error Code: {code}; "
            f"Request ID: {request_id}; Proxy: null)"
        )
        return StatesError(f"Lambda.{code}", cause)
    upper = service.upper()
    cause = (
        f"{message} (Service: Amazon{upper}; Status Code: {status}; Error Code: {code}; "
        f"Request ID: {request_id}; Proxy: null)"
    )
    return StatesError(f"{upper}.Amazon{upper}Exception", cause)


def _error_parts(error: ClientError) -> tuple[str, str, int, str]:
    body, metadata = error.response.get("Error", {}), error.response.get("ResponseMetadata", {})
    return (
        str(body.get("Code", "Unknown")),
        str(body.get("Message", "")),
        int(metadata.get("HTTPStatusCode", 400)),
        str(metadata.get("RequestId", "")),
    )


def _sdk_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """What the optimized integrations add to a result: the HTTP response they came in."""
    headers = {k: str(v) for k, v in metadata.get("HTTPHeaders", {}).items()}
    return {
        "SdkHttpMetadata": {
            "AllHttpHeaders": {k: [v] for k, v in headers.items()},
            "HttpHeaders": headers,
            "HttpStatusCode": metadata.get("HTTPStatusCode", 200),
        },
        "SdkResponseMetadata": {"RequestId": metadata.get("RequestId", "")},
    }


def _arguments(service: str, action: str, parameters: Any) -> dict[str, Any]:
    if not isinstance(parameters, dict):
        return {}
    accepted = _OPTIMIZED_PARAMETERS.get(f"{service}:{action}")
    if accepted is None:
        return parameters
    # The optimized integration drops what it does not take, and serializes a JSON body.
    kept = {k: v for k, v in parameters.items() if k in accepted}
    for name in _JSON_BODIES & kept.keys():
        if not isinstance(kept[name], str):
            kept[name] = json.dumps(kept[name], separators=(",", ":"))
    return kept


def _prefix(service: str) -> str:
    return _ERROR_PREFIX.get(service, service[:1].upper() + service[1:])


def _json_safe(value: Any) -> Any:
    """A botocore response as the JSON a Task result is: timestamps as ISO text, bodies and
    blobs read as text."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StreamingBody):
        value = value.read()
    if isinstance(value, bytes | bytearray):
        try:
            return value.decode()
        except UnicodeDecodeError:
            return base64.b64encode(value).decode()
    return value
