"""Invoking functions: results, context, environment, logs, errors, timeouts, asynchronous
events with retries and the dead-letter queue."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.testing import assert_output_shape

Make = Callable[..., dict[str, Any]]


def _invoke(lam: Any, event: Any = None, **params: Any) -> tuple[dict[str, Any], Any]:
    response = lam.invoke(FunctionName="fn", Payload=json.dumps(event or {}), **params)
    return response, json.loads(response["Payload"].read())


def test_a_handler_gets_the_event_context_and_lambdas_environment(
    make_function: Make, lam: Any
) -> None:
    make_function(Environment={"Variables": {"STAGE": "test"}}, Timeout=5, MemorySize=256)
    response, result = _invoke(lam, {"invoice": 7})
    assert_output_shape("lambda", "Invoke", {**response, "Payload": b""})
    assert (response["StatusCode"], response["ExecutedVersion"]) == (200, "$LATEST")
    assert "FunctionError" not in response
    assert result["event"] == {"invoice": 7}
    assert result["request_id"] == response["ResponseMetadata"]["RequestId"]
    assert (result["function"], result["version"], result["memory"]) == ("fn", "$LATEST", "256")
    assert result["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:fn"
    assert result["group"] == "/aws/lambda/fn"
    assert "/[$LATEST]" in result["stream"]
    assert 0 < result["remaining"] <= 5000
    env = result["env"]
    assert env["STAGE"] == "test"
    assert (env["AWS_LAMBDA_FUNCTION_NAME"], env["AWS_REGION"]) == ("fn", "us-east-1")
    assert (env["AWS_EXECUTION_ENV"], env["_HANDLER"]) == ("AWS_Lambda_python3.12", "app.echo")


def test_boto3_in_the_handler_runs_as_the_execution_role(
    make_function: Make, lam: Any, cloud: Cloud
) -> None:
    make_function(handler="app.whoami")
    assert _invoke(lam)[1] == "arn:aws:sts::000000000000:assumed-role/function-role/fn"
    cloud.client("s3").create_bucket(Bucket="outputs")
    make_function("writer", handler="app.put")
    lam.invoke(FunctionName="writer", Payload=json.dumps({"bucket": "outputs"}))
    body = cloud.client("s3").get_object(Bucket="outputs", Key="from-lambda")["Body"].read()
    assert body == b"hi"


def test_log_tail_holds_the_output_between_start_end_and_report(
    make_function: Make, lam: Any
) -> None:
    make_function()
    response, _ = _invoke(lam, {"n": 1}, LogType="Tail")
    log = base64.b64decode(response["LogResult"]).decode()
    request_id = response["ResponseMetadata"]["RequestId"]
    lines = log.splitlines()
    assert lines[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert 'got {"n": 1}' in lines
    assert f"END RequestId: {request_id}" in lines
    report = lines[-1].split("\t")
    assert report[0] == f"REPORT RequestId: {request_id}"
    assert "Memory Size: 128 MB" in report
    assert any(part.startswith("Init Duration: ") for part in report)  # a cold start
    second, _ = _invoke(lam, LogType="Tail")
    assert "Init Duration" not in base64.b64decode(second["LogResult"]).decode()  # warm


def test_a_handler_exception_is_an_unhandled_function_error(make_function: Make, lam: Any) -> None:
    make_function(handler="app.fail")
    response, error = _invoke(lam, LogType="Tail")
    assert (response["StatusCode"], response["FunctionError"]) == (200, "Unhandled")
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "the invoice has no total"
    assert error["requestId"] == response["ResponseMetadata"]["RequestId"]
    assert 'raise ValueError("the invoice has no total")' in error["stackTrace"][-1]
    log = base64.b64decode(response["LogResult"]).decode()
    assert "[ERROR] ValueError: the invoice has no total\rTraceback (most recent call last):" in log


@pytest.mark.parametrize(
    ("handler", "error_type", "message"),
    [
        ("app.missing", "Runtime.HandlerNotFound", "Handler 'missing' missing on module 'app'"),
        (
            "nomodule.handler",
            "Runtime.ImportModuleError",
            "Unable to import module 'nomodule': No module named 'nomodule'",
        ),
        ("app", "Runtime.MalformedHandlerName", "Bad handler 'app': not enough values to unpack"),
        ("app.unserializable", "Runtime.MarshalError", "Unable to marshal response: Object of"),
    ],
)
def test_runtime_faults_are_reported_as_lambdas_runtime_reports_them(
    make_function: Make, lam: Any, handler: str, error_type: str, message: str
) -> None:
    make_function(handler=handler)
    response, error = _invoke(lam)
    assert response["FunctionError"] == "Unhandled"
    assert error["errorType"] == error_type
    assert error["errorMessage"].startswith(message)


def test_a_handler_past_its_timeout_is_stopped_and_reported(make_function: Make, lam: Any) -> None:
    make_function(handler="app.hang", Timeout=1)
    response, error = _invoke(lam, LogType="Tail")
    request_id = response["ResponseMetadata"]["RequestId"]
    assert response["FunctionError"] == "Unhandled"
    assert error == {
        "errorType": "Sandbox.Timedout",
        "errorMessage": f"RequestId: {request_id} Error: Task timed out after 1.00 seconds",
    }
    log = base64.b64decode(response["LogResult"]).decode()
    assert f"{request_id} Task timed out after 1.00 seconds" in log
    assert log.rstrip().endswith("Status: timeout")


def test_a_process_that_exits_is_a_runtime_exit_error_and_the_next_call_starts_fresh(
    make_function: Make, lam: Any
) -> None:
    make_function(handler="app.crash")
    response, error = _invoke(lam, LogType="Tail")
    request_id = response["ResponseMetadata"]["RequestId"]
    assert error == {
        "errorType": "Runtime.ExitError",
        "errorMessage": f"RequestId: {request_id} Error: Runtime exited with error: exit status 3",
    }
    assert "going down" in base64.b64decode(response["LogResult"]).decode()
    assert _invoke(lam)[1]["errorType"] == "Runtime.ExitError"  # a new worker, same end


def test_dry_run_checks_without_running(make_function: Make, lam: Any) -> None:
    make_function()
    response = lam.invoke(FunctionName="fn", InvocationType="DryRun")
    assert response["StatusCode"] == 204


def test_payloads_over_lambdas_limits_are_refused(make_function: Make, lam: Any) -> None:
    make_function()
    with pytest.raises(ClientError) as exc:
        lam.invoke(FunctionName="fn", Payload=b'"' + b"x" * (6 * 1024 * 1024) + b'"')
    assert exc.value.response["Error"]["Code"] == "RequestEntityTooLargeException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 413
    with pytest.raises(ClientError) as exc:
        lam.invoke(FunctionName="fn", InvocationType="Event", Payload=b"1" * (1024 * 1024 + 1))
    assert exc.value.response["Error"]["Message"] == (
        "Request must be smaller than 1048576 bytes for the InvokeFunction operation"
    )


def test_an_event_runs_later_on_the_engine(make_function: Make, lam: Any, cloud: Cloud) -> None:
    cloud.client("s3").create_bucket(Bucket="outputs")
    make_function(handler="app.put")
    response = lam.invoke(
        FunctionName="fn", InvocationType="Event", Payload=json.dumps({"bucket": "outputs"})
    )
    assert response["StatusCode"] == 202
    assert cloud.engine.run_due() == 1
    assert cloud.client("s3").get_object(Bucket="outputs", Key="from-lambda")["Body"].read()


def test_a_failing_event_is_retried_twice_then_sent_to_the_dead_letter_queue(
    make_function: Make, lam: Any, cloud: Cloud, clock: VirtualClock
) -> None:
    sqs = cloud.client("sqs")
    dlq = sqs.create_queue(QueueName="failed-events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]
    make_function(handler="app.fail", DeadLetterConfig={"TargetArn": arn["QueueArn"]})
    lam.invoke(FunctionName="fn", InvocationType="Event", Payload=json.dumps({"id": 9}))
    start = clock.now()
    assert cloud.engine.run_due() == 1
    assert cloud.store.queue.next_due() == start + 60  # one minute before the second attempt
    assert cloud.engine.run_until_idle() == 2
    assert clock.now() == start + 60 + 120  # and two before the third
    (message,) = sqs.receive_message(QueueUrl=dlq, MessageAttributeNames=["All"])["Messages"]
    assert json.loads(message["Body"]) == {"id": 9}
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert attributes["ErrorMessage"] == "the invoice has no total"
    assert attributes["ErrorCode"] == "200"


def test_what_iam_decided_in_the_worker_is_in_the_data_directory(
    make_function: Make, lam: Any, cloud: Cloud
) -> None:
    cloud.client("s3").create_bucket(Bucket="outputs")
    make_function(handler="app.put")
    lam.invoke(FunctionName="fn", Payload=json.dumps({"bucket": "outputs"}))
    journal = cloud.authorizer.journal
    assert journal is not None
    made = journal.read(principal_like="arn:aws:sts::%:assumed-role/function-role/fn")
    handler_calls = [(d.action, d.resource, d.allowed) for d in made if d.action.startswith("s3:")]
    assert handler_calls == [("s3:PutObject", "arn:aws:s3:::outputs/from-lambda", True)]
    # Lambda's own attempt to keep the function's logs, as the role, is on record too.
    assert any(d.action == "logs:CreateLogGroup" and not d.allowed for d in made)


def test_logs_go_to_cloudwatch_logs_when_the_role_may_write_them(
    make_function: Make, lam: Any, cloud: Cloud, role: str
) -> None:
    cloud.client("iam").attach_role_policy(
        RoleName="function-role",
        PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    )
    make_function()
    response, _ = _invoke(lam, {"n": 5})
    request_id = response["ResponseMetadata"]["RequestId"]
    logs = cloud.client("logs")
    (stream,) = logs.describe_log_streams(logGroupName="/aws/lambda/fn")["logStreams"]
    assert "/[$LATEST]" in stream["logStreamName"]
    messages = [
        e["message"]
        for e in logs.get_log_events(
            logGroupName="/aws/lambda/fn", logStreamName=stream["logStreamName"], startFromHead=True
        )["events"]
    ]
    assert messages[0] == f"START RequestId: {request_id} Version: $LATEST"
    assert 'got {"n": 5}' in messages
    assert messages[-1].startswith(f"REPORT RequestId: {request_id}")


def test_a_role_that_may_not_write_logs_keeps_none(
    make_function: Make, lam: Any, cloud: Cloud, caplog: pytest.LogCaptureFixture
) -> None:
    make_function()
    with caplog.at_level(logging.WARNING, logger="fourbeat.lambda"):
        assert _invoke(lam)[0]["StatusCode"] == 200
    assert "function fn keeps no logs" in caplog.text
    groups = cloud.client("logs").describe_log_groups()["logGroups"]
    assert groups == []
