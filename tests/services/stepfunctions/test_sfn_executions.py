"""Executions through boto3: start (asynchronous and synchronous), describe, list, stop, the
execution history, Waits on the virtual clock, and durability across reopening the cloud."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest
from _sfn_support import (
    REGION,
    ROLE_NAME,
    STATES_TRUST,
    MakeMachine,
    definition,
    described,
    error_of,
    execution_arn,
    history,
    machine_arn,
    pass_chain,
    types,
    wait,
)
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.testing import assert_output_shape

PASSES = pass_chain("First", "Second", "Third")
FAIL = definition({"Broken": {"Type": "Fail", "Error": "Custom.Error", "Cause": "it broke"}})


def start(sfn: Any, machine: str, **params: Any) -> str:
    response = sfn.start_execution(stateMachineArn=machine, **params)
    assert_output_shape("stepfunctions", "StartExecution", response)
    return str(response["executionArn"])


# StartExecution


def test_start_execution_returns_the_arn_of_the_named_execution(
    sfn: Any, make_machine: MakeMachine, clock: VirtualClock
) -> None:
    machine = make_machine(PASSES, name="orders")
    response = sfn.start_execution(stateMachineArn=machine, name="run-1")
    assert_output_shape("stepfunctions", "StartExecution", response)
    assert response["executionArn"] == execution_arn("orders", "run-1")
    assert response["startDate"].timestamp() == clock.now()


def test_an_execution_without_a_name_gets_a_uuid(sfn: Any, make_machine: MakeMachine) -> None:
    arn = start(sfn, make_machine(PASSES, name="orders"))
    name = arn.rsplit(":", 1)[-1]
    assert len(name) == 36
    assert name.count("-") == 4
    assert described(sfn, arn)["name"] == name


def test_an_execution_is_running_until_the_engine_runs_it(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(PASSES), input='{"n": 1}')
    running = described(sfn, arn)
    assert running["status"] == "RUNNING"
    assert "stopDate" not in running
    assert "output" not in running
    cloud.engine.run_until_idle()
    done = described(sfn, arn)
    assert done["status"] == "SUCCEEDED"
    assert json.loads(done["output"]) == {"n": 1}
    assert done["outputDetails"] == {"included": True}
    assert done["stopDate"] == done["startDate"]


def test_describe_execution_shows_the_machine_name_and_input(
    sfn: Any, make_machine: MakeMachine
) -> None:
    machine = make_machine(PASSES, name="orders")
    arn = start(sfn, machine, name="run-1", input='{"n":1}')
    shown = described(sfn, arn)
    assert shown["executionArn"] == arn
    assert shown["stateMachineArn"] == machine
    assert shown["name"] == "run-1"
    assert shown["input"] == '{"n":1}'
    assert shown["inputDetails"] == {"included": True}
    assert shown["redriveCount"] == 0


def test_the_input_defaults_to_an_empty_object(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(PASSES))
    cloud.engine.run_until_idle()
    shown = described(sfn, arn)
    assert shown["input"] == "{}"
    assert json.loads(shown["output"]) == {}


def test_a_pass_result_becomes_the_execution_output(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(pass_chain("A", "B", result={"total": 3})))
    cloud.engine.run_until_idle()
    assert json.loads(described(sfn, arn)["output"]) == {"total": 3}


def test_the_same_name_and_input_while_running_is_idempotent(
    sfn: Any, make_machine: MakeMachine, clock: VirtualClock
) -> None:
    machine = make_machine(PASSES)
    first = sfn.start_execution(stateMachineArn=machine, name="once", input='{"a":1}')
    clock.advance(5)
    again = sfn.start_execution(stateMachineArn=machine, name="once", input='{"a":1}')
    assert_output_shape("stepfunctions", "StartExecution", again)
    assert again["executionArn"] == first["executionArn"]
    assert again["startDate"] == first["startDate"]
    assert len(sfn.list_executions(stateMachineArn=machine)["executions"]) == 1


def test_the_same_name_with_other_input_while_running_is_execution_already_exists(
    sfn: Any, make_machine: MakeMachine
) -> None:
    machine = make_machine(PASSES, name="orders")
    start(sfn, machine, name="once", input='{"a":1}')
    with pytest.raises(ClientError) as caught:
        sfn.start_execution(stateMachineArn=machine, name="once", input='{"a":2}')
    assert error_of(caught) == {
        "Code": "ExecutionAlreadyExists",
        "Message": f"Execution Already Exists: '{execution_arn('orders', 'once')}'",
        "Status": 400,
    }


def test_the_same_name_after_the_execution_ended_is_execution_already_exists(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    machine = make_machine(PASSES, name="orders")
    start(sfn, machine, name="once", input='{"a":1}')
    cloud.engine.run_until_idle()
    with pytest.raises(ClientError) as caught:
        sfn.start_execution(stateMachineArn=machine, name="once", input='{"a":1}')
    assert error_of(caught) == {
        "Code": "ExecutionAlreadyExists",
        "Message": f"Execution Already Exists: '{execution_arn('orders', 'once')}'",
        "Status": 400,
    }


@pytest.mark.parametrize("text", ["{", "not json", '{"a": }'])
def test_input_that_is_not_json_is_invalid_execution_input(
    sfn: Any, make_machine: MakeMachine, text: str
) -> None:
    machine = make_machine(PASSES)
    with pytest.raises(ClientError) as caught:
        sfn.start_execution(stateMachineArn=machine, input=text)
    error = error_of(caught)
    assert error["Code"] == "InvalidExecutionInput"
    assert error["Message"].startswith("Invalid State Machine Execution Input: '")
    assert error["Status"] == 400
    assert sfn.list_executions(stateMachineArn=machine)["executions"] == []


def test_input_over_256_kib_is_invalid_execution_input(sfn: Any, make_machine: MakeMachine) -> None:
    big = json.dumps({"data": "x" * 262_144})
    with pytest.raises(ClientError) as caught:
        sfn.start_execution(stateMachineArn=make_machine(PASSES), input=big)
    assert error_of(caught)["Code"] == "InvalidExecutionInput"


def test_a_bad_execution_name_is_invalid_name(sfn: Any, make_machine: MakeMachine) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.start_execution(stateMachineArn=make_machine(PASSES), name="a b")
    assert error_of(caught) == {
        "Code": "InvalidName",
        "Message": "Invalid Name: 'a b'",
        "Status": 400,
    }


def test_starting_a_missing_state_machine_is_state_machine_does_not_exist(sfn: Any) -> None:
    arn = machine_arn("ghost")
    with pytest.raises(ClientError) as caught:
        sfn.start_execution(stateMachineArn=arn)
    assert error_of(caught) == {
        "Code": "StateMachineDoesNotExist",
        "Message": f"State Machine Does Not Exist: '{arn}'",
        "Status": 400,
    }


# Waits on the virtual clock


def test_a_wait_of_an_hour_passes_on_the_virtual_clock(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(wait(3600)))
    cloud.engine.run_until_idle()
    done = described(sfn, arn)
    assert done["status"] == "SUCCEEDED"
    assert done["stopDate"] - done["startDate"] == timedelta(seconds=3600)
    events = history(sfn, arn)
    assert types(events) == [
        "ExecutionStarted",
        "WaitStateEntered",
        "WaitStateExited",
        "ExecutionSucceeded",
    ]
    assert events[2]["timestamp"] - events[1]["timestamp"] == timedelta(seconds=3600)


def test_a_waiting_execution_stays_running_until_its_time_comes(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, clock: VirtualClock
) -> None:
    arn = start(sfn, make_machine(wait(60)))
    cloud.engine.run_due()
    assert described(sfn, arn)["status"] == "RUNNING"
    clock.advance(59)
    cloud.engine.run_due()
    assert described(sfn, arn)["status"] == "RUNNING"
    clock.advance(1)
    cloud.engine.run_due()
    assert described(sfn, arn)["status"] == "SUCCEEDED"


def test_a_wait_until_a_timestamp_ends_at_that_time(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    until = "2026-01-02T00:00:00Z"
    text = definition({"Until": {"Type": "Wait", "Timestamp": until, "End": True}})
    arn = start(sfn, make_machine(text))
    cloud.engine.run_until_idle()
    assert described(sfn, arn)["stopDate"] == datetime(2026, 1, 2, tzinfo=UTC)


def test_an_execution_past_its_timeout_seconds_is_timed_out(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    text = definition({"Wait": {"Type": "Wait", "Seconds": 3600, "End": True}}, TimeoutSeconds=10)
    arn = start(sfn, make_machine(text))
    cloud.engine.run_until_idle()
    done = described(sfn, arn)
    assert done["status"] == "TIMED_OUT"
    assert done["error"] == "States.Timeout"
    assert done["stopDate"] - done["startDate"] == timedelta(seconds=10)
    assert types(history(sfn, arn))[-1] == "ExecutionTimedOut"


# Failure, and what DescribeExecution leaves out


def test_a_fail_state_fails_the_execution_with_its_error_and_cause(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(FAIL))
    cloud.engine.run_until_idle()
    failed = described(sfn, arn)
    assert failed["status"] == "FAILED"
    assert failed["error"] == "Custom.Error"
    assert failed["cause"] == "it broke"
    assert "output" not in failed
    assert "stopDate" in failed
    events = history(sfn, arn)
    assert types(events) == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]
    assert events[-1]["executionFailedEventDetails"] == {
        "error": "Custom.Error",
        "cause": "it broke",
    }


def test_describe_execution_omits_error_and_cause_when_there_are_none(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    succeeded = start(sfn, make_machine(PASSES, name="passes"))
    bare_fail = start(sfn, make_machine(definition({"F": {"Type": "Fail"}}), name="bare"))
    cloud.engine.run_until_idle()
    for arn in (succeeded, bare_fail):
        shown = described(sfn, arn)
        assert "error" not in shown
        assert "cause" not in shown
    assert described(sfn, bare_fail)["status"] == "FAILED"


def test_redrive_status_is_not_redrivable_while_running_or_after_success(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(PASSES))
    running = described(sfn, arn)
    assert running["redriveStatus"] == "NOT_REDRIVABLE"
    assert running["redriveStatusReason"] == "Execution is RUNNING and cannot be redriven"
    cloud.engine.run_until_idle()
    done = described(sfn, arn)
    assert done["redriveStatus"] == "NOT_REDRIVABLE"
    assert done["redriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven"


def test_redrive_status_is_redrivable_after_a_failure_or_an_abort(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    failed = start(sfn, make_machine(FAIL, name="fails"))
    aborted = start(sfn, make_machine(wait(3600), name="waits"))
    cloud.engine.run_due()
    sfn.stop_execution(executionArn=aborted)
    cloud.engine.run_until_idle()
    for arn in (failed, aborted):
        shown = described(sfn, arn)
        assert shown["redriveStatus"] == "REDRIVABLE"
        assert "redriveStatusReason" not in shown


def test_describe_a_missing_execution_is_execution_does_not_exist(sfn: Any) -> None:
    arn = execution_arn("orders", "ghost")
    with pytest.raises(ClientError) as caught:
        sfn.describe_execution(executionArn=arn)
    assert error_of(caught) == {
        "Code": "ExecutionDoesNotExist",
        "Message": f"Execution Does Not Exist: '{arn}'",
        "Status": 400,
    }


def test_describe_execution_with_a_state_machine_arn_is_invalid_arn(sfn: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.describe_execution(executionArn=machine_arn("orders"))
    assert error_of(caught)["Code"] == "InvalidArn"


# Definitions in force


def test_a_running_execution_keeps_the_definition_it_started_with(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    first = definition(
        {
            "Wait": {"Type": "Wait", "Seconds": 10, "Next": "Done"},
            "Done": {"Type": "Pass", "Result": "old", "End": True},
        }
    )
    machine = make_machine(first)
    arn = start(sfn, machine)
    cloud.engine.run_due()
    sfn.update_state_machine(stateMachineArn=machine, definition=pass_chain("New", result="new"))
    later = start(sfn, machine)
    cloud.engine.run_until_idle()
    assert json.loads(described(sfn, arn)["output"]) == "old"
    assert json.loads(described(sfn, later)["output"]) == "new"
    for_execution = sfn.describe_state_machine_for_execution(executionArn=arn)
    assert_output_shape("stepfunctions", "DescribeStateMachineForExecution", for_execution)
    assert for_execution["definition"] == first
    assert for_execution["stateMachineArn"] == machine


# GetExecutionHistory


def test_history_of_a_pass_chain_has_its_events_in_order(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, role: str
) -> None:
    arn = start(sfn, make_machine(PASSES), input='{"n":1}')
    cloud.engine.run_until_idle()
    events = history(sfn, arn)
    assert types(events) == [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "PassStateEntered",
        "PassStateExited",
        "PassStateEntered",
        "PassStateExited",
        "ExecutionSucceeded",
    ]
    assert events[0]["executionStartedEventDetails"]["roleArn"] == role
    assert events[0]["executionStartedEventDetails"]["input"] == '{"n":1}'
    entered = [e["stateEnteredEventDetails"]["name"] for e in events if "Entered" in e["type"]]
    assert entered == ["First", "Second", "Third"]
    exited = [e["stateExitedEventDetails"]["name"] for e in events if "Exited" in e["type"]]
    assert exited == ["First", "Second", "Third"]
    assert json.loads(events[-1]["executionSucceededEventDetails"]["output"]) == {"n": 1}


def test_history_event_ids_count_from_one_and_chain_to_the_previous_event(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(PASSES))
    cloud.engine.run_until_idle()
    events = history(sfn, arn)
    assert [e["id"] for e in events] == list(range(1, len(events) + 1))
    assert [e["previousEventId"] for e in events] == list(range(len(events)))


def test_history_in_reverse_order_starts_with_the_last_event(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(PASSES))
    cloud.engine.run_until_idle()
    forward = history(sfn, arn)
    backward = history(sfn, arn, reverseOrder=True)
    assert backward == list(reversed(forward))
    assert backward[0]["type"] == "ExecutionSucceeded"


def test_history_without_execution_data_has_no_input_or_output(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, role: str
) -> None:
    arn = start(sfn, make_machine(PASSES), input='{"secret": true}')
    cloud.engine.run_until_idle()
    events = history(sfn, arn, includeExecutionData=False)
    assert types(events) == types(history(sfn, arn))
    for event in events:
        for key, details in event.items():
            if key.endswith("EventDetails"):
                assert not {"input", "output", "inputDetails", "outputDetails"} & set(details)
    assert events[0]["executionStartedEventDetails"] == {"roleArn": role}
    assert events[1]["stateEnteredEventDetails"] == {"name": "First"}


def test_history_pages_with_max_results_and_next_token(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(PASSES))
    cloud.engine.run_until_idle()
    first = sfn.get_execution_history(executionArn=arn, maxResults=3)
    assert_output_shape("stepfunctions", "GetExecutionHistory", first)
    assert [e["id"] for e in first["events"]] == [1, 2, 3]
    second = sfn.get_execution_history(executionArn=arn, maxResults=3, nextToken=first["nextToken"])
    assert [e["id"] for e in second["events"]] == [4, 5, 6]
    last = sfn.get_execution_history(executionArn=arn, maxResults=3, nextToken=second["nextToken"])
    assert_output_shape("stepfunctions", "GetExecutionHistory", last)
    assert [e["id"] for e in last["events"]] == [7, 8]
    assert "nextToken" not in last
    assert history(sfn, arn, maxResults=1) == history(sfn, arn)


def test_history_of_a_running_execution_shows_what_ran_so_far(
    sfn: Any, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(PASSES))
    assert types(history(sfn, arn)) == ["ExecutionStarted"]


def test_history_of_a_missing_execution_is_execution_does_not_exist(sfn: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.get_execution_history(executionArn=execution_arn("orders", "ghost"))
    assert error_of(caught)["Code"] == "ExecutionDoesNotExist"


# ListExecutions


def test_list_executions_shows_the_newest_first(
    sfn: Any, make_machine: MakeMachine, clock: VirtualClock
) -> None:
    machine = make_machine(PASSES, name="orders")
    for name in ("one", "two", "three"):
        start(sfn, machine, name=name)
        clock.advance(1)
    listed = sfn.list_executions(stateMachineArn=machine)
    assert_output_shape("stepfunctions", "ListExecutions", listed)
    assert [e["name"] for e in listed["executions"]] == ["three", "two", "one"]
    item = listed["executions"][0]
    assert item["executionArn"] == execution_arn("orders", "three")
    assert item["stateMachineArn"] == machine
    assert item["status"] == "RUNNING"
    assert "stopDate" not in item


def test_list_executions_filters_by_status(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, clock: VirtualClock
) -> None:
    machine = make_machine(
        definition(
            {
                "Choose": {
                    "Type": "Choice",
                    "Choices": [{"Variable": "$.fail", "BooleanEquals": True, "Next": "Fail"}],
                    "Default": "Wait",
                },
                "Fail": {"Type": "Fail", "Error": "Asked"},
                "Wait": {"Type": "Wait", "Seconds": 3600, "End": True},
            }
        )
    )
    start(sfn, machine, name="waits", input='{"fail": false}')
    clock.advance(1)
    start(sfn, machine, name="fails", input='{"fail": true}')
    cloud.engine.run_due()

    def names(status: str) -> list[str]:
        listed = sfn.list_executions(stateMachineArn=machine, statusFilter=status)
        assert_output_shape("stepfunctions", "ListExecutions", listed)
        return [e["name"] for e in listed["executions"]]

    assert names("RUNNING") == ["waits"]
    assert names("FAILED") == ["fails"]
    assert names("SUCCEEDED") == []
    cloud.engine.run_until_idle()
    assert names("SUCCEEDED") == ["waits"]
    assert names("RUNNING") == []


def test_list_executions_pages_with_max_results(
    sfn: Any, make_machine: MakeMachine, clock: VirtualClock
) -> None:
    machine = make_machine(PASSES)
    for i in range(5):
        start(sfn, machine, name=f"run-{i}")
        clock.advance(1)
    first = sfn.list_executions(stateMachineArn=machine, maxResults=2)
    assert [e["name"] for e in first["executions"]] == ["run-4", "run-3"]
    pages = sfn.get_paginator("list_executions").paginate(
        stateMachineArn=machine, PaginationConfig={"PageSize": 2}
    )
    names = [e["name"] for page in pages for e in page["executions"]]
    assert names == ["run-4", "run-3", "run-2", "run-1", "run-0"]


def test_list_executions_of_a_missing_state_machine_is_state_machine_does_not_exist(
    sfn: Any,
) -> None:
    arn = machine_arn("ghost")
    with pytest.raises(ClientError) as caught:
        sfn.list_executions(stateMachineArn=arn)
    assert error_of(caught) == {
        "Code": "StateMachineDoesNotExist",
        "Message": f"State Machine Does Not Exist: '{arn}'",
        "Status": 400,
    }


def test_list_executions_of_an_express_machine_is_state_machine_type_not_supported(
    sfn: Any, make_machine: MakeMachine
) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.list_executions(stateMachineArn=make_machine(PASSES, type="EXPRESS"))
    assert error_of(caught)["Code"] == "StateMachineTypeNotSupported"


# StopExecution


def test_stop_execution_aborts_a_waiting_execution_with_error_and_cause(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine, clock: VirtualClock
) -> None:
    arn = start(sfn, make_machine(wait(3600)))
    cloud.engine.run_due()
    clock.advance(10)
    stopped = sfn.stop_execution(executionArn=arn, error="Operator.Stop", cause="no longer needed")
    assert_output_shape("stepfunctions", "StopExecution", stopped)
    assert stopped["stopDate"].timestamp() == clock.now()
    shown = described(sfn, arn)
    assert shown["status"] == "ABORTED"
    assert shown["error"] == "Operator.Stop"
    assert shown["cause"] == "no longer needed"
    assert shown["stopDate"] == stopped["stopDate"]
    events = history(sfn, arn)
    assert types(events) == ["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"]
    assert events[-1]["executionAbortedEventDetails"] == {
        "error": "Operator.Stop",
        "cause": "no longer needed",
    }
    assert events[-1]["id"] == 3


def test_running_the_engine_after_a_stop_does_not_resume_the_execution(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(wait(3600)))
    cloud.engine.run_due()
    sfn.stop_execution(executionArn=arn)
    before = history(sfn, arn)
    cloud.engine.run_until_idle()
    assert history(sfn, arn) == before
    shown = described(sfn, arn)
    assert shown["status"] == "ABORTED"
    listed = sfn.list_executions(stateMachineArn=shown["stateMachineArn"])["executions"]
    assert [e["status"] for e in listed] == ["ABORTED"]


def test_a_stop_without_error_or_cause_records_neither(
    sfn: Any, cloud: Cloud, make_machine: MakeMachine
) -> None:
    arn = start(sfn, make_machine(wait(3600)))
    cloud.engine.run_due()
    sfn.stop_execution(executionArn=arn)
    shown = described(sfn, arn)
    assert "error" not in shown
    assert "cause" not in shown
    assert history(sfn, arn)[-1]["executionAbortedEventDetails"] == {}


def test_stop_a_missing_execution_is_execution_does_not_exist(sfn: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.stop_execution(executionArn=execution_arn("orders", "ghost"))
    assert error_of(caught)["Code"] == "ExecutionDoesNotExist"


# StartSyncExecution


def test_a_sync_execution_of_an_express_machine_returns_its_output_and_billing(
    sfn: Any, make_machine: MakeMachine
) -> None:
    machine = make_machine(pass_chain("A", result={"ok": True}), name="quick", type="EXPRESS")
    response = sfn.start_sync_execution(stateMachineArn=machine, name="now", input='{"a":1}')
    assert_output_shape("stepfunctions", "StartSyncExecution", response)
    assert response["status"] == "SUCCEEDED"
    assert json.loads(response["output"]) == {"ok": True}
    assert response["input"] == '{"a":1}'
    assert response["stateMachineArn"] == machine
    assert response["name"] == "now"
    assert response["executionArn"].startswith(
        f"arn:aws:states:{REGION}:000000000000:express:quick:now:"
    )
    assert response["billingDetails"] == {
        "billedMemoryUsedInMB": 64,
        "billedDurationInMilliseconds": 100,
    }
    assert "error" not in response


def test_a_failing_sync_execution_returns_failed_with_error_and_cause(
    sfn: Any, make_machine: MakeMachine
) -> None:
    machine = make_machine(FAIL, type="EXPRESS")
    response = sfn.start_sync_execution(stateMachineArn=machine)
    assert_output_shape("stepfunctions", "StartSyncExecution", response)
    assert response["status"] == "FAILED"
    assert response["error"] == "Custom.Error"
    assert response["cause"] == "it broke"
    assert "output" not in response
    assert response["billingDetails"]["billedMemoryUsedInMB"] == 64


def test_a_sync_execution_is_billed_for_its_waits_in_100_ms_steps(
    sfn: Any, make_machine: MakeMachine
) -> None:
    machine = make_machine(wait(2), type="EXPRESS")
    response = sfn.start_sync_execution(stateMachineArn=machine)
    assert_output_shape("stepfunctions", "StartSyncExecution", response)
    assert response["status"] == "SUCCEEDED"
    assert response["stopDate"] - response["startDate"] == timedelta(seconds=2)
    assert response["billingDetails"]["billedDurationInMilliseconds"] == 2000


def test_a_sync_execution_of_a_standard_machine_is_state_machine_type_not_supported(
    sfn: Any, make_machine: MakeMachine
) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.start_sync_execution(stateMachineArn=make_machine(PASSES))
    error = error_of(caught)
    assert error["Code"] == "StateMachineTypeNotSupported"
    assert error["Status"] == 400


def test_a_sync_execution_with_input_that_is_not_json_is_invalid_execution_input(
    sfn: Any, make_machine: MakeMachine
) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.start_sync_execution(stateMachineArn=make_machine(PASSES, type="EXPRESS"), input="{")
    assert error_of(caught)["Code"] == "InvalidExecutionInput"


# Durability


def test_a_waiting_execution_survives_closing_and_reopening_the_cloud(tmp_path: Path) -> None:
    path = tmp_path / "durable"
    began = VirtualClock()
    with Cloud(path, clock=began, region=REGION) as first:
        iam = boto3.client("iam", region_name=REGION)
        role = iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=STATES_TRUST)
        sfn = boto3.client("stepfunctions", region_name=REGION)
        machine = sfn.create_state_machine(
            name="durable", definition=wait(3600), roleArn=role["Role"]["Arn"]
        )["stateMachineArn"]
        arn = sfn.start_execution(stateMachineArn=machine, name="survivor")["executionArn"]
        first.engine.run_due()
        assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
    later = VirtualClock(began.now() + 7200)
    with Cloud(path, clock=later, region=REGION) as second:
        sfn = boto3.client("stepfunctions", region_name=REGION)
        assert sfn.describe_execution(executionArn=arn)["status"] == "RUNNING"
        second.engine.run_until_idle()
        done = described(sfn, arn)
        assert done["status"] == "SUCCEEDED"
        assert done["stopDate"].timestamp() == later.now()
        events = history(sfn, arn)
        assert types(events) == [
            "ExecutionStarted",
            "WaitStateEntered",
            "WaitStateExited",
            "ExecutionSucceeded",
        ]
        assert [e["id"] for e in events] == [1, 2, 3, 4]
