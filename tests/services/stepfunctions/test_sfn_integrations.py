"""Task integrations through boto3: the optimized sqs:sendMessage, aws-sdk calls to S3, their
errors caught and retried on the virtual clock, resources not served, and the IAM requests a
task makes as the state machine's role."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from itertools import pairwise
from typing import Any

import pytest
from _sfn_support import (
    ACCOUNT,
    REGION,
    ROLE_NAME,
    MakeMachine,
    definition,
    described,
    history,
    task,
    types,
)

from fourbeat import Cloud
from fourbeat.testing import assert_output_shape

SEND = "arn:aws:states:::sqs:sendMessage"
PUT = "arn:aws:states:::aws-sdk:s3:putObject"
GET = "arn:aws:states:::aws-sdk:s3:getObject"
BUCKET = "sfn-tests-bucket"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"
SESSION_PREFIX = f"arn:aws:sts::{ACCOUNT}:assumed-role/{ROLE_NAME}/"


@pytest.fixture
def queue_url(sqs: Any) -> str:
    return str(sqs.create_queue(QueueName="work")["QueueUrl"])


@pytest.fixture
def bucket(s3: Any) -> str:
    s3.create_bucket(Bucket=BUCKET)
    return BUCKET


def run(sfn: Any, cloud: Cloud, machine: str, value: Any = None, **params: Any) -> str:
    """Start an execution of ``machine`` with ``value`` as its input and run it to the end."""
    started = sfn.start_execution(
        stateMachineArn=machine, input=json.dumps(value if value is not None else {}), **params
    )
    assert_output_shape("stepfunctions", "StartExecution", started)
    cloud.engine.run_until_idle()
    return str(started["executionArn"])


def output_of(sfn: Any, arn: str) -> Any:
    done = described(sfn, arn)
    assert done["status"] == "SUCCEEDED", (done.get("error"), done.get("cause"))
    return json.loads(done["output"])


# sqs:sendMessage (optimized)


def test_sqs_send_message_sends_the_message_to_the_queue(
    sfn: Any, sqs: Any, cloud: Cloud, make_machine: MakeMachine, queue_url: str
) -> None:
    machine = make_machine(
        definition(
            {"Send": task(SEND, {"QueueUrl": queue_url, "MessageBody.$": "$.body"}, End=True)}
        )
    )
    arn = run(sfn, cloud, machine, {"body": "hello from a state machine"})
    result = output_of(sfn, arn)
    received = sqs.receive_message(QueueUrl=queue_url, WaitTimeSeconds=0)
    assert_output_shape("sqs", "ReceiveMessage", received)
    [message] = received["Messages"]
    assert message["Body"] == "hello from a state machine"
    assert message["MessageId"] == result["MessageId"]


def test_sqs_send_message_result_has_the_message_id_md5_and_sdk_http_metadata(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, queue_url: str
) -> None:
    machine = make_machine(
        definition({"Send": task(SEND, {"QueueUrl": queue_url, "MessageBody": "hi"}, End=True)})
    )
    result = output_of(sfn, run(sfn, cloud, machine))
    assert result["MD5OfMessageBody"] == hashlib.md5(b"hi").hexdigest()
    assert result["MessageId"]
    assert result["SdkHttpMetadata"]["HttpStatusCode"] == 200
    assert isinstance(result["SdkHttpMetadata"]["HttpHeaders"], dict)
    assert isinstance(result["SdkHttpMetadata"]["AllHttpHeaders"], dict)
    assert "RequestId" in result["SdkResponseMetadata"]


def test_sqs_send_message_serializes_a_json_message_body(
    sfn: Any, sqs: Any, cloud: Cloud, make_machine: MakeMachine, queue_url: str
) -> None:
    machine = make_machine(
        definition({"Send": task(SEND, {"QueueUrl": queue_url, "MessageBody.$": "$"}, End=True)})
    )
    output_of(sfn, run(sfn, cloud, machine, {"order": 7, "items": ["a"]}))
    [message] = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert json.loads(message["Body"]) == {"order": 7, "items": ["a"]}


def test_sqs_send_message_history_names_the_sqs_resource(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, queue_url: str
) -> None:
    machine = make_machine(
        definition({"Send": task(SEND, {"QueueUrl": queue_url, "MessageBody": "hi"}, End=True)})
    )
    events = history(sfn, run(sfn, cloud, machine))
    assert types(events) == [
        "ExecutionStarted",
        "TaskStateEntered",
        "TaskScheduled",
        "TaskStarted",
        "TaskSucceeded",
        "TaskStateExited",
        "ExecutionSucceeded",
    ]
    scheduled = events[2]["taskScheduledEventDetails"]
    assert (scheduled["resourceType"], scheduled["resource"]) == ("sqs", "sendMessage")
    assert scheduled["region"] == REGION
    assert json.loads(scheduled["parameters"]) == {"QueueUrl": queue_url, "MessageBody": "hi"}


def test_sqs_send_message_to_a_missing_queue_fails_with_the_sqs_error(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    missing = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/no-such-queue"
    machine = make_machine(
        definition({"Send": task(SEND, {"QueueUrl": missing, "MessageBody": "hi"}, End=True)})
    )
    failed = described(sfn, run(sfn, cloud, machine))
    assert failed["status"] == "FAILED"
    assert failed["error"] == "SQS.AmazonSQSException"
    assert "Service: AmazonSQS" in failed["cause"]


def test_a_map_of_sqs_sends_sends_one_message_per_item(
    sfn: Any, sqs: Any, cloud: Cloud, make_machine: MakeMachine, queue_url: str
) -> None:
    send = task(SEND, {"QueueUrl": queue_url, "MessageBody.$": "$"}, End=True)
    machine = make_machine(
        definition(
            {
                "Each": {
                    "Type": "Map",
                    "ItemsPath": "$.items",
                    "ItemProcessor": {"StartAt": "Send", "States": {"Send": send}},
                    "End": True,
                }
            }
        )
    )
    result = output_of(sfn, run(sfn, cloud, machine, {"items": ["a", "b", "c"]}))
    assert len(result) == 3
    bodies = []
    while received := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get(
        "Messages"
    ):
        bodies += [m["Body"] for m in received]
    assert sorted(bodies) == ["a", "b", "c"]


# aws-sdk:s3


def test_s3_put_object_then_get_object_round_trips_through_tasks(
    sfn: Any, s3: Any, cloud: Cloud, make_machine: MakeMachine, bucket: str
) -> None:
    machine = make_machine(
        definition(
            {
                "Put": task(
                    PUT,
                    {"Bucket": bucket, "Key": "greeting.txt", "Body.$": "$.text"},
                    ResultPath="$.put",
                    Next="Get",
                ),
                "Get": task(
                    GET,
                    {"Bucket": bucket, "Key": "greeting.txt"},
                    ResultSelector={"Body.$": "$.Body", "ETag.$": "$.ETag"},
                    ResultPath="$.got",
                    End=True,
                ),
            }
        )
    )
    result = output_of(sfn, run(sfn, cloud, machine, {"text": "hello, bucket"}))
    assert result["got"]["Body"] == "hello, bucket"
    assert result["got"]["ETag"] == result["put"]["ETag"]
    assert result["put"]["ETag"] == f'"{hashlib.md5(b"hello, bucket").hexdigest()}"'
    stored = s3.get_object(Bucket=bucket, Key="greeting.txt")
    assert stored["Body"].read() == b"hello, bucket"


def test_s3_sdk_task_history_names_the_aws_sdk_resource(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, bucket: str
) -> None:
    machine = make_machine(
        definition({"Put": task(PUT, {"Bucket": bucket, "Key": "k", "Body": "v"}, End=True)})
    )
    events = history(sfn, run(sfn, cloud, machine))
    scheduled = next(e for e in events if e["type"] == "TaskScheduled")
    details = scheduled["taskScheduledEventDetails"]
    assert (details["resourceType"], details["resource"]) == ("aws-sdk", "s3:putObject")
    succeeded = next(e for e in events if e["type"] == "TaskSucceeded")
    assert "ETag" in json.loads(succeeded["taskSucceededEventDetails"]["output"])


def test_an_uncaught_sdk_error_fails_the_execution_with_the_sdk_error_name(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, bucket: str
) -> None:
    machine = make_machine(
        definition({"Get": task(GET, {"Bucket": bucket, "Key": "absent"}, End=True)})
    )
    arn = run(sfn, cloud, machine)
    failed = described(sfn, arn)
    assert failed["status"] == "FAILED"
    assert failed["error"] == "S3.NoSuchKeyException"
    assert "Service: S3, Status Code: 404" in failed["cause"]
    assert types(history(sfn, arn))[-2:] == ["TaskFailed", "ExecutionFailed"]


def _get_caught_as_missing(bucket: str, key: str, error: str) -> str:
    """A GetObject whose ``error`` a Catch routes to the Pass state ``Missing``."""
    catch = [{"ErrorEquals": [error], "ResultPath": "$.error", "Next": "Missing"}]
    return definition(
        {
            "Get": task(GET, {"Bucket": bucket, "Key": key}, Catch=catch, End=True),
            "Missing": {"Type": "Pass", "End": True},
        }
    )


def test_catch_routes_a_missing_key_as_s3_no_such_key_exception(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, bucket: str
) -> None:
    machine = make_machine(_get_caught_as_missing(bucket, "absent", "S3.NoSuchKeyException"))
    result = output_of(sfn, run(sfn, cloud, machine, {"wanted": "absent"}))
    assert result["wanted"] == "absent"
    assert result["error"]["Error"] == "S3.NoSuchKeyException"
    assert "The specified key does not exist." in result["error"]["Cause"]


def test_catch_routes_a_missing_bucket_as_s3_no_such_bucket_exception(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    machine = make_machine(
        _get_caught_as_missing("no-such-bucket-here", "k", "S3.NoSuchBucketException")
    )
    arn = run(sfn, cloud, machine)
    assert output_of(sfn, arn)["error"]["Error"] == "S3.NoSuchBucketException"
    assert "Missing" in [
        e["stateEnteredEventDetails"]["name"]
        for e in history(sfn, arn)
        if e["type"] == "PassStateEntered"
    ]


def test_retry_on_an_sdk_error_retries_max_attempts_times_with_backoff(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, bucket: str
) -> None:
    machine = make_machine(
        definition(
            {
                "Get": task(
                    GET,
                    {"Bucket": bucket, "Key": "absent"},
                    Retry=[
                        {
                            "ErrorEquals": ["S3.NoSuchKeyException"],
                            "IntervalSeconds": 2,
                            "BackoffRate": 3,
                            "MaxAttempts": 3,
                        }
                    ],
                    End=True,
                )
            }
        )
    )
    arn = run(sfn, cloud, machine)
    failed = described(sfn, arn)
    assert failed["status"] == "FAILED"
    assert failed["error"] == "S3.NoSuchKeyException"
    events = history(sfn, arn)
    scheduled = [e["timestamp"] for e in events if e["type"] == "TaskScheduled"]
    assert len(scheduled) == 1 + 3
    gaps = [later - earlier for earlier, later in pairwise(scheduled)]
    assert gaps == [timedelta(seconds=s) for s in (2, 6, 18)]
    assert failed["stopDate"] - failed["startDate"] == timedelta(seconds=26)
    assert types(events).count("TaskFailed") == 4


def test_a_retry_that_succeeds_then_continues_after_the_object_appears(
    sfn: Any, s3: Any, cloud: Cloud, make_machine: MakeMachine, bucket: str
) -> None:
    machine = make_machine(
        definition(
            {
                "Get": task(
                    GET,
                    {"Bucket": bucket, "Key": "late"},
                    Retry=[
                        {
                            "ErrorEquals": ["S3.NoSuchKeyException"],
                            "IntervalSeconds": 60,
                            "MaxAttempts": 2,
                        }
                    ],
                    ResultSelector={"Body.$": "$.Body"},
                    End=True,
                )
            }
        )
    )
    started = sfn.start_execution(stateMachineArn=machine)["executionArn"]
    cloud.engine.run_due()
    assert described(sfn, started)["status"] == "RUNNING"
    s3.put_object(Bucket=bucket, Key="late", Body=b"arrived")
    cloud.engine.run_until_idle()
    assert output_of(sfn, started) == {"Body": "arrived"}
    assert types(history(sfn, started)).count("TaskScheduled") == 2


def test_a_retrier_for_another_error_does_not_retry(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, bucket: str
) -> None:
    machine = make_machine(
        definition(
            {
                "Get": task(
                    GET,
                    {"Bucket": bucket, "Key": "absent"},
                    Retry=[{"ErrorEquals": ["S3.NoSuchBucketException"], "MaxAttempts": 5}],
                    End=True,
                )
            }
        )
    )
    arn = run(sfn, cloud, machine)
    assert described(sfn, arn)["status"] == "FAILED"
    assert types(history(sfn, arn)).count("TaskScheduled") == 1


# Resources fourbeat does not serve


def test_an_unserved_optimized_task_fails_with_states_runtime_naming_the_resource(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    resource = "arn:aws:states:::sns:publish"
    machine = make_machine(
        definition({"Call": task(resource, {"TopicArn": TOPIC, "Message": "x"}, End=True)})
    )
    failed = described(sfn, run(sfn, cloud, machine))
    assert failed["status"] == "FAILED"
    assert failed["error"] == "States.Runtime"
    assert resource in failed["cause"]


def test_an_sdk_task_of_a_service_not_served_fails_with_states_runtime(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    resource = "arn:aws:states:::aws-sdk:dynamodb:getItem"
    parameters = {"TableName": "orders", "Key": {"id": {"S": "1"}}}
    machine = make_machine(definition({"Read": task(resource, parameters, End=True)}))
    failed = described(sfn, run(sfn, cloud, machine))
    assert failed["status"] == "FAILED"
    assert failed["error"] == "States.Runtime"
    assert resource in failed["cause"]


def test_states_runtime_from_an_unserved_resource_is_not_caught_by_states_all(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    machine = make_machine(
        definition(
            {
                "Call": task(
                    "arn:aws:states:::sns:publish",
                    {"TopicArn": TOPIC, "Message": "x"},
                    Catch=[{"ErrorEquals": ["States.ALL"], "Next": "Fallback"}],
                    End=True,
                ),
                "Fallback": {"Type": "Pass", "Result": "fell back", "End": True},
            }
        )
    )
    arn = run(sfn, cloud, machine)
    failed = described(sfn, arn)
    assert failed["status"] == "FAILED"
    assert failed["error"] == "States.Runtime"
    assert "PassStateEntered" not in types(history(sfn, arn))


# IAM: the task calls as the state machine's role


def test_a_task_asks_iam_for_its_action_as_the_role_session(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, bucket: str, queue_url: str
) -> None:
    machine = make_machine(
        definition(
            {
                "Put": task(
                    PUT, {"Bucket": bucket, "Key": "k", "Body": "v"}, ResultPath=None, Next="Send"
                ),
                "Send": task(SEND, {"QueueUrl": queue_url, "MessageBody": "m"}, End=True),
            }
        )
    )
    cloud.authorizer.clear()
    output_of(sfn, run(sfn, cloud, machine, name="authorized"))
    by_action = {r.action: r for r in cloud.authorizer.requests}
    put = by_action["s3:PutObject"]
    assert put.resource == f"arn:aws:s3:::{bucket}/k"
    assert put.principal.startswith(SESSION_PREFIX)
    send = by_action["sqs:SendMessage"]
    assert send.resource == f"arn:aws:sqs:{REGION}:{ACCOUNT}:work"
    assert send.principal.startswith(SESSION_PREFIX)
    start = by_action["states:StartExecution"]
    assert start.resource == machine
    assert not start.principal.startswith(SESSION_PREFIX)


def test_a_sync_express_execution_calls_tasks_as_the_role_session(
    sfn: Any, sqs: Any, cloud: Cloud, make_machine: MakeMachine, queue_url: str
) -> None:
    machine = make_machine(
        definition({"Send": task(SEND, {"QueueUrl": queue_url, "MessageBody": "fast"}, End=True)}),
        type="EXPRESS",
    )
    cloud.authorizer.clear()
    response = sfn.start_sync_execution(stateMachineArn=machine)
    assert_output_shape("stepfunctions", "StartSyncExecution", response)
    assert response["status"] == "SUCCEEDED"
    assert "MessageId" in json.loads(response["output"])
    [send] = [r for r in cloud.authorizer.requests if r.action == "sqs:SendMessage"]
    assert send.principal.startswith(SESSION_PREFIX)
    [message] = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    assert message["Body"] == "fast"
