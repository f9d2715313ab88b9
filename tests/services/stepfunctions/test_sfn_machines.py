"""State machines through boto3: create (idempotent), describe, update, delete, list,
definition validation, tags, and the errors AWS words for each."""

from __future__ import annotations

from typing import Any

import pytest
from _sfn_support import (
    ACCOUNT,
    STATES_TRUST,
    MakeMachine,
    definition,
    error_of,
    execution_arn,
    machine_arn,
    pass_chain,
)
from botocore.exceptions import ClientError

from fourbeat import VirtualClock
from fourbeat.services import NotServedError
from fourbeat.testing import assert_output_shape

SIMPLE = pass_chain("Only")
OTHER = definition({"Done": {"Type": "Succeed"}})


# CreateStateMachine


def test_create_state_machine_returns_its_arn_and_creation_date(
    sfn: Any, role: str, clock: VirtualClock
) -> None:
    created = sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=role)
    assert_output_shape("stepfunctions", "CreateStateMachine", created)
    assert created["stateMachineArn"] == machine_arn("orders")
    assert created["creationDate"].timestamp() == clock.now()


def test_an_identical_create_request_is_idempotent(
    sfn: Any, role: str, clock: VirtualClock
) -> None:
    first = sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=role)
    clock.advance(60)
    again = sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=role)
    assert_output_shape("stepfunctions", "CreateStateMachine", again)
    assert again["stateMachineArn"] == first["stateMachineArn"]
    assert again["creationDate"] == first["creationDate"]
    assert len(sfn.list_state_machines()["stateMachines"]) == 1


def test_a_create_request_differing_only_in_role_is_idempotent_and_keeps_the_first_role(
    sfn: Any, iam: Any, role: str
) -> None:
    other = iam.create_role(RoleName="other-role", AssumeRolePolicyDocument=STATES_TRUST)
    first = sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=role)
    again = sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=other["Role"]["Arn"])
    assert again["stateMachineArn"] == first["stateMachineArn"]
    described = sfn.describe_state_machine(stateMachineArn=first["stateMachineArn"])
    assert described["roleArn"] == role


def test_the_same_name_with_another_definition_is_state_machine_already_exists(
    sfn: Any, role: str
) -> None:
    sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=role)
    with pytest.raises(ClientError) as caught:
        sfn.create_state_machine(name="orders", definition=OTHER, roleArn=role)
    assert error_of(caught) == {
        "Code": "StateMachineAlreadyExists",
        "Message": f"State Machine Already Exists: '{machine_arn('orders')}'",
        "Status": 400,
    }


def test_the_same_name_with_another_type_is_state_machine_already_exists(
    sfn: Any, role: str
) -> None:
    sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=role)
    with pytest.raises(ClientError) as caught:
        sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=role, type="EXPRESS")
    assert error_of(caught)["Code"] == "StateMachineAlreadyExists"


@pytest.mark.parametrize(
    "text",
    [
        "{}",
        "not json",
        definition({"A": {"Type": "Pass", "Next": "Missing"}}),
        definition({"A": {"Type": "Nonsense", "End": True}}),
    ],
    ids=["empty", "not-json", "missing-next-target", "unknown-type"],
)
def test_an_invalid_definition_is_invalid_definition(sfn: Any, role: str, text: str) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.create_state_machine(name="broken", definition=text, roleArn=role)
    error = error_of(caught)
    assert error["Code"] == "InvalidDefinition"
    assert error["Message"].startswith("Invalid State Machine Definition: '")
    assert error["Status"] == 400
    assert sfn.list_state_machines()["stateMachines"] == []


def test_the_invalid_definition_message_names_the_missing_transition_target(
    sfn: Any, role: str
) -> None:
    text = definition({"A": {"Type": "Pass", "Next": "Missing"}})
    with pytest.raises(ClientError) as caught:
        sfn.create_state_machine(name="broken", definition=text, roleArn=role)
    message = error_of(caught)["Message"]
    assert "MISSING_TRANSITION_TARGET" in message
    assert "/States/A/Next" in message


@pytest.mark.parametrize("name", ["a b", "a/b", "a:b", "x" * 81, "tab\there"])
def test_a_bad_name_is_invalid_name_quoting_it(sfn: Any, role: str, name: str) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.create_state_machine(name=name, definition=SIMPLE, roleArn=role)
    assert error_of(caught) == {
        "Code": "InvalidName",
        "Message": f"Invalid Name: '{name}'",
        "Status": 400,
    }


def test_a_name_of_80_characters_is_accepted(make_machine: MakeMachine) -> None:
    name = "n" * 80
    assert make_machine(SIMPLE, name=name) == machine_arn(name)


def test_a_role_that_does_not_exist_is_access_denied(sfn: Any, role: str) -> None:
    missing = f"arn:aws:iam::{ACCOUNT}:role/no-such-role"
    with pytest.raises(ClientError) as caught:
        sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=missing)
    error = error_of(caught)
    assert error["Code"] == "AccessDeniedException"
    assert error["Status"] == 400
    assert missing in error["Message"]
    assert "states.amazonaws.com" in error["Message"]


def test_a_role_of_another_account_is_access_denied(sfn: Any, role: str) -> None:
    foreign = role.replace(ACCOUNT, "111111111111")
    with pytest.raises(ClientError) as caught:
        sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=foreign)
    assert error_of(caught)["Code"] == "AccessDeniedException"


def test_a_role_that_does_not_trust_states_is_access_denied(sfn: Any, iam: Any) -> None:
    lambda_only = STATES_TRUST.replace("states.amazonaws.com", "lambda.amazonaws.com")
    other = iam.create_role(RoleName="lambda-role", AssumeRolePolicyDocument=lambda_only)
    arn = other["Role"]["Arn"]
    with pytest.raises(ClientError) as caught:
        sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=arn)
    error = error_of(caught)
    assert error["Code"] == "AccessDeniedException"
    assert arn in error["Message"]


def test_create_with_publish_is_refused_clearly_while_versions_are_not_served(
    sfn: Any, role: str
) -> None:
    with pytest.raises(NotServedError, match="state machine versions"):
        sfn.create_state_machine(name="orders", definition=SIMPLE, roleArn=role, publish=True)
    assert sfn.list_state_machines()["stateMachines"] == []


# DescribeStateMachine


def test_describe_state_machine_shows_the_defaults_and_no_revision_before_an_update(
    sfn: Any, make_machine: MakeMachine, role: str
) -> None:
    arn = make_machine(SIMPLE, name="orders")
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert_output_shape("stepfunctions", "DescribeStateMachine", described)
    assert described["stateMachineArn"] == arn
    assert described["name"] == "orders"
    assert described["status"] == "ACTIVE"
    assert described["definition"] == SIMPLE
    assert described["roleArn"] == role
    assert described["type"] == "STANDARD"
    assert described["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False}
    assert described["tracingConfiguration"] == {"enabled": False}
    assert "revisionId" not in described


def test_describe_state_machine_keeps_the_definition_text_as_sent(
    sfn: Any, make_machine: MakeMachine
) -> None:
    text = '{ "StartAt" : "Only",\n  "States": {"Only": {"Type": "Succeed"}} }'
    arn = make_machine(text)
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == text


def test_describe_state_machine_shows_an_express_type(sfn: Any, make_machine: MakeMachine) -> None:
    arn = make_machine(SIMPLE, type="EXPRESS")
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert_output_shape("stepfunctions", "DescribeStateMachine", described)
    assert described["type"] == "EXPRESS"


def test_describe_a_missing_state_machine_is_state_machine_does_not_exist(sfn: Any) -> None:
    arn = machine_arn("ghost")
    with pytest.raises(ClientError) as caught:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert error_of(caught) == {
        "Code": "StateMachineDoesNotExist",
        "Message": f"State Machine Does Not Exist: '{arn}'",
        "Status": 400,
    }


@pytest.mark.parametrize(
    ("operation", "member"),
    [
        ("describe_state_machine", "stateMachineArn"),
        ("delete_state_machine", "stateMachineArn"),
        ("start_execution", "stateMachineArn"),
        ("describe_execution", "executionArn"),
    ],
)
def test_an_arn_without_the_arn_prefix_is_invalid_arn(
    sfn: Any, operation: str, member: str
) -> None:
    with pytest.raises(ClientError) as caught:
        getattr(sfn, operation)(**{member: "x"})
    assert error_of(caught) == {
        "Code": "InvalidArn",
        "Message": "Invalid Arn: 'Invalid ARN prefix: x'",
        "Status": 400,
    }


def test_an_execution_arn_where_a_state_machine_arn_belongs_is_invalid_arn(sfn: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.describe_state_machine(stateMachineArn=execution_arn("orders", "run"))
    assert error_of(caught)["Code"] == "InvalidArn"


# UpdateStateMachine


def test_update_state_machine_changes_the_definition_and_sets_a_revision_id(
    sfn: Any, make_machine: MakeMachine, clock: VirtualClock
) -> None:
    arn = make_machine(SIMPLE)
    clock.advance(30)
    updated = sfn.update_state_machine(stateMachineArn=arn, definition=OTHER)
    assert_output_shape("stepfunctions", "UpdateStateMachine", updated)
    assert updated["updateDate"].timestamp() == clock.now()
    assert updated["revisionId"]
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["definition"] == OTHER
    assert described["revisionId"] == updated["revisionId"]


def test_each_update_gives_a_new_revision_id(sfn: Any, make_machine: MakeMachine) -> None:
    arn = make_machine(SIMPLE)
    first = sfn.update_state_machine(stateMachineArn=arn, definition=OTHER)["revisionId"]
    second = sfn.update_state_machine(stateMachineArn=arn, definition=SIMPLE)["revisionId"]
    assert first != second


def test_update_state_machine_changes_logging_and_tracing(
    sfn: Any, make_machine: MakeMachine
) -> None:
    arn = make_machine(SIMPLE)
    sfn.update_state_machine(
        stateMachineArn=arn,
        loggingConfiguration={"level": "OFF", "includeExecutionData": True},
        tracingConfiguration={"enabled": True},
    )
    described = sfn.describe_state_machine(stateMachineArn=arn)
    assert described["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": True}
    assert described["tracingConfiguration"] == {"enabled": True}


def test_update_state_machine_with_nothing_to_update_is_missing_required_parameter(
    sfn: Any, make_machine: MakeMachine
) -> None:
    arn = make_machine(SIMPLE)
    with pytest.raises(ClientError) as caught:
        sfn.update_state_machine(stateMachineArn=arn)
    error = error_of(caught)
    assert error["Code"] == "MissingRequiredParameter"
    assert error["Status"] == 400
    assert "must be specified" in error["Message"]
    assert "revisionId" not in sfn.describe_state_machine(stateMachineArn=arn)


def test_update_state_machine_with_an_invalid_definition_changes_nothing(
    sfn: Any, make_machine: MakeMachine
) -> None:
    arn = make_machine(SIMPLE)
    with pytest.raises(ClientError) as caught:
        sfn.update_state_machine(stateMachineArn=arn, definition="{}")
    assert error_of(caught)["Code"] == "InvalidDefinition"
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == SIMPLE


def test_update_state_machine_to_a_missing_role_is_access_denied(
    sfn: Any, make_machine: MakeMachine
) -> None:
    arn = make_machine(SIMPLE)
    with pytest.raises(ClientError) as caught:
        sfn.update_state_machine(
            stateMachineArn=arn, roleArn=f"arn:aws:iam::{ACCOUNT}:role/no-such-role"
        )
    assert error_of(caught)["Code"] == "AccessDeniedException"


def test_update_a_missing_state_machine_is_state_machine_does_not_exist(sfn: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.update_state_machine(stateMachineArn=machine_arn("ghost"), definition=OTHER)
    assert error_of(caught)["Code"] == "StateMachineDoesNotExist"


# DeleteStateMachine


def test_delete_state_machine_removes_it(sfn: Any, make_machine: MakeMachine) -> None:
    arn = make_machine(SIMPLE)
    deleted = sfn.delete_state_machine(stateMachineArn=arn)
    assert_output_shape("stepfunctions", "DeleteStateMachine", deleted)
    assert sfn.list_state_machines()["stateMachines"] == []
    with pytest.raises(ClientError) as caught:
        sfn.describe_state_machine(stateMachineArn=arn)
    assert error_of(caught)["Code"] == "StateMachineDoesNotExist"


def test_delete_a_missing_but_well_formed_arn_succeeds(sfn: Any) -> None:
    deleted = sfn.delete_state_machine(stateMachineArn=machine_arn("ghost"))
    assert_output_shape("stepfunctions", "DeleteStateMachine", deleted)


def test_a_deleted_name_can_be_created_again_with_another_definition(
    sfn: Any, make_machine: MakeMachine
) -> None:
    arn = make_machine(SIMPLE, name="orders")
    sfn.delete_state_machine(stateMachineArn=arn)
    assert make_machine(OTHER, name="orders") == arn
    assert sfn.describe_state_machine(stateMachineArn=arn)["definition"] == OTHER


# ListStateMachines


def test_list_state_machines_is_sorted_by_name(sfn: Any, make_machine: MakeMachine) -> None:
    for name in ("charlie", "alpha", "bravo"):
        make_machine(SIMPLE, name=name)
    listed = sfn.list_state_machines()
    assert_output_shape("stepfunctions", "ListStateMachines", listed)
    assert [m["name"] for m in listed["stateMachines"]] == ["alpha", "bravo", "charlie"]
    assert listed["stateMachines"][0] == {
        "stateMachineArn": machine_arn("alpha"),
        "name": "alpha",
        "type": "STANDARD",
        "creationDate": listed["stateMachines"][0]["creationDate"],
    }
    assert "nextToken" not in listed


def test_list_state_machines_pages_with_max_results_and_next_token(
    sfn: Any, make_machine: MakeMachine
) -> None:
    for name in ("e", "d", "c", "b", "a"):
        make_machine(SIMPLE, name=name)
    first = sfn.list_state_machines(maxResults=2)
    assert_output_shape("stepfunctions", "ListStateMachines", first)
    assert [m["name"] for m in first["stateMachines"]] == ["a", "b"]
    second = sfn.list_state_machines(maxResults=2, nextToken=first["nextToken"])
    assert [m["name"] for m in second["stateMachines"]] == ["c", "d"]
    last = sfn.list_state_machines(maxResults=2, nextToken=second["nextToken"])
    assert_output_shape("stepfunctions", "ListStateMachines", last)
    assert [m["name"] for m in last["stateMachines"]] == ["e"]
    assert "nextToken" not in last


def test_list_state_machines_paginator_yields_every_machine(
    sfn: Any, make_machine: MakeMachine
) -> None:
    for name in ("c", "b", "a"):
        make_machine(SIMPLE, name=name)
    pages = sfn.get_paginator("list_state_machines").paginate(PaginationConfig={"PageSize": 1})
    assert [m["name"] for page in pages for m in page["stateMachines"]] == ["a", "b", "c"]


def test_list_state_machines_with_a_foreign_token_is_invalid_token(sfn: Any) -> None:
    with pytest.raises(ClientError) as caught:
        sfn.list_state_machines(nextToken="not-a-token")
    assert error_of(caught) == {
        "Code": "InvalidToken",
        "Message": "Invalid Token: 'not-a-token'",
        "Status": 400,
    }


# ValidateStateMachineDefinition


def test_validate_a_good_definition_is_ok_without_diagnostics(sfn: Any) -> None:
    validated = sfn.validate_state_machine_definition(definition=SIMPLE)
    assert_output_shape("stepfunctions", "ValidateStateMachineDefinition", validated)
    assert validated["result"] == "OK"
    assert validated["diagnostics"] == []
    assert validated["truncated"] is False


def test_validate_a_bad_definition_is_fail_with_error_diagnostics(sfn: Any) -> None:
    text = definition({"A": {"Type": "Pass", "Next": "Missing"}})
    validated = sfn.validate_state_machine_definition(definition=text)
    assert_output_shape("stepfunctions", "ValidateStateMachineDefinition", validated)
    assert validated["result"] == "FAIL"
    assert validated["truncated"] is False
    assert validated["diagnostics"]
    assert {d["severity"] for d in validated["diagnostics"]} == {"ERROR"}
    missing = [d for d in validated["diagnostics"] if d["code"] == "MISSING_TRANSITION_TARGET"]
    assert len(missing) == 1
    assert missing[0]["location"] == "/States/A/Next"
    assert "Missing" in missing[0]["message"]


def test_validate_text_that_is_not_json_is_fail_with_invalid_json_description(sfn: Any) -> None:
    validated = sfn.validate_state_machine_definition(definition="not json")
    assert_output_shape("stepfunctions", "ValidateStateMachineDefinition", validated)
    assert validated["result"] == "FAIL"
    assert [d["code"] for d in validated["diagnostics"]] == ["INVALID_JSON_DESCRIPTION"]


def test_validate_truncates_the_diagnostics_to_max_results(sfn: Any) -> None:
    text = definition(
        {
            "A": {"Type": "Pass", "Next": "Missing1"},
            "B": {"Type": "Pass", "Next": "Missing2"},
        }
    )
    full = sfn.validate_state_machine_definition(definition=text)
    assert len(full["diagnostics"]) > 1
    cut = sfn.validate_state_machine_definition(definition=text, maxResults=1)
    assert_output_shape("stepfunctions", "ValidateStateMachineDefinition", cut)
    assert cut["result"] == "FAIL"
    assert len(cut["diagnostics"]) == 1
    assert cut["truncated"] is True


# Tags


def test_tags_given_at_create_are_listed_and_can_be_changed(
    sfn: Any, make_machine: MakeMachine
) -> None:
    arn = make_machine(SIMPLE, tags=[{"key": "team", "value": "data"}])
    listed = sfn.list_tags_for_resource(resourceArn=arn)
    assert_output_shape("stepfunctions", "ListTagsForResource", listed)
    assert listed["tags"] == [{"key": "team", "value": "data"}]
    tagged = sfn.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "test"}])
    assert_output_shape("stepfunctions", "TagResource", tagged)
    untagged = sfn.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert_output_shape("stepfunctions", "UntagResource", untagged)
    assert sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "env", "value": "test"}]


def test_tags_of_a_missing_state_machine_are_resource_not_found(sfn: Any) -> None:
    arn = machine_arn("ghost")
    with pytest.raises(ClientError) as caught:
        sfn.list_tags_for_resource(resourceArn=arn)
    error = error_of(caught)
    assert (error["Code"], error["Message"]) == (
        "ResourceNotFound",
        f"Resource not found: '{arn}'",
    )
