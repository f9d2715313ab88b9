"""Task tokens: a ``.waitForTaskToken`` task sends its token out and waits, durably, for
SendTaskSuccess or SendTaskFailure; its timeouts and heartbeats end the wait as AWS does.
https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from _sfn_support import MakeMachine, definition, described, error_of, history, task
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock

SEND = "arn:aws:states:::sqs:sendMessage.waitForTaskToken"


@pytest.fixture
def review_queue(sqs: Any) -> str:
    return str(sqs.create_queue(QueueName="review")["QueueUrl"])


def _review(queue_url: str, **fields: Any) -> str:
    """Send the document to human review with the token, then record the verdict."""
    body = {"document.$": "$.document", "token.$": "$$.Task.Token"}
    states = {
        "Review": task(
            SEND,
            {"QueueUrl": queue_url, "MessageBody": body},
            ResultPath="$.verdict",
            Catch=[{"ErrorEquals": ["Rejected"], "Next": "Refused", "ResultPath": "$.why"}],
            Next="Approved",
            **fields,
        ),
        "Approved": {"Type": "Pass", "End": True},
        "Refused": {"Type": "Pass", "End": True},
    }
    return definition(states)


def _start(sfn: Any, cloud: Cloud, machine: str) -> str:
    arn = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"document": "inv-7"}))
    cloud.engine.run_until_idle()
    return str(arn["executionArn"])


def _token(sqs: Any, queue_url: str) -> str:
    (message,) = sqs.receive_message(QueueUrl=queue_url)["Messages"]
    body = json.loads(message["Body"])
    assert body["document"] == "inv-7"
    return str(body["token"])


def test_the_execution_waits_for_the_token_and_goes_on_with_the_answer(
    sfn: Any, sqs: Any, cloud: Cloud, make_machine: MakeMachine, review_queue: str
) -> None:
    arn = _start(sfn, cloud, make_machine(_review(review_queue)))
    assert described(sfn, arn)["status"] == "RUNNING"
    assert cloud.store.queue.pending() == 0  # waiting costs nothing: no work is scheduled
    token = _token(sqs, review_queue)
    sfn.send_task_success(taskToken=token, output=json.dumps({"approved": True, "by": "ana"}))
    cloud.engine.run_until_idle()
    done = described(sfn, arn)
    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"]) == {
        "document": "inv-7",
        "verdict": {"approved": True, "by": "ana"},
    }
    types = [e["type"] for e in history(sfn, arn)]
    assert types[types.index("TaskScheduled") :][:4] == [
        "TaskScheduled",
        "TaskStarted",
        "TaskSubmitted",
        "TaskSucceeded",
    ]


def test_send_task_failure_is_the_tasks_error_for_retry_and_catch(
    sfn: Any, sqs: Any, cloud: Cloud, make_machine: MakeMachine, review_queue: str
) -> None:
    arn = _start(sfn, cloud, make_machine(_review(review_queue)))
    token = _token(sqs, review_queue)
    sfn.send_task_failure(taskToken=token, error="Rejected", cause="the total does not add up")
    cloud.engine.run_until_idle()
    done = described(sfn, arn)
    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"])["why"] == {
        "Error": "Rejected",
        "Cause": "the total does not add up",
    }
    with pytest.raises(ClientError) as caught:
        sfn.send_task_success(taskToken=token, output="{}")  # answered already
    assert error_of(caught)["Code"] == "TaskDoesNotExist"


def test_a_task_past_its_timeout_fails_with_states_timeout(
    sfn: Any,
    sqs: Any,
    cloud: Cloud,
    clock: VirtualClock,
    make_machine: MakeMachine,
    review_queue: str,
) -> None:
    start = clock.now()
    arn = _start(sfn, cloud, make_machine(_review(review_queue, TimeoutSeconds=3600)))
    done = described(sfn, arn)
    assert (done["status"], done["error"]) == ("FAILED", "States.Timeout")
    assert clock.now() == start + 3600
    assert "TaskTimedOut" in [e["type"] for e in history(sfn, arn)]


def test_heartbeats_keep_a_task_alive_until_they_stop(
    sfn: Any,
    sqs: Any,
    cloud: Cloud,
    clock: VirtualClock,
    make_machine: MakeMachine,
    review_queue: str,
) -> None:
    machine = make_machine(_review(review_queue, HeartbeatSeconds=60))
    arn = sfn.start_execution(stateMachineArn=machine, input=json.dumps({"document": "inv-7"}))[
        "executionArn"
    ]
    cloud.engine.run_due()
    token = _token(sqs, review_queue)
    for _ in range(3):
        clock.advance(50)
        sfn.send_task_heartbeat(taskToken=token)
        cloud.engine.run_due()
        assert described(sfn, arn)["status"] == "RUNNING"
    cloud.engine.run_until_idle()
    done = described(sfn, arn)
    assert (done["status"], done["error"]) == ("FAILED", "States.HeartbeatTimeout")


def test_a_token_that_is_not_one_is_invalid(sfn: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.send_task_success(taskToken="not-a-token", output="{}")
    assert error_of(caught)["Code"] == "InvalidToken"
