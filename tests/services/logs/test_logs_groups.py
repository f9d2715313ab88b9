"""Log groups: creating, describing, deleting, retention and tags, as CloudWatch Logs does."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _logs_support import GROUP, STREAM, error, now_ms, put
from botocore.exceptions import ClientError

from fourbeat import VirtualClock
from fourbeat.testing import assert_output_shape

ARN = "arn:aws:logs:us-east-1:000000000000:log-group:/app/web"


def _group(logs: Any, name: str = GROUP) -> dict[str, Any]:
    groups = logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    return next(g for g in groups if g["logGroupName"] == name)


def test_a_created_group_is_described_with_both_arns(logs: Any, clock: VirtualClock) -> None:
    logs.create_log_group(logGroupName=GROUP, kmsKeyId="arn:aws:kms:us-east-1:000000000000:key/k")
    described = logs.describe_log_groups()
    assert_output_shape("logs", "DescribeLogGroups", described)
    group = described["logGroups"][0]
    assert group["arn"] == f"{ARN}:*"
    assert group["logGroupArn"] == ARN
    assert group["creationTime"] == now_ms(clock)
    assert (group["storedBytes"], group["metricFilterCount"]) == (0, 0)
    assert group["logGroupClass"] == "STANDARD"
    assert group["kmsKeyId"].endswith("key/k")
    assert "retentionInDays" not in group


def test_a_group_name_is_taken_once(logs: Any) -> None:
    logs.create_log_group(logGroupName=GROUP)
    with pytest.raises(ClientError) as exc:
        logs.create_log_group(logGroupName=GROUP)
    assert error(exc) == (
        "ResourceAlreadyExistsException",
        "The specified log group already exists",
    )


def test_a_group_name_must_fit_the_model_pattern(logs: Any) -> None:
    with pytest.raises(ClientError) as exc:
        logs.create_log_group(logGroupName="my group")
    assert error(exc) == (
        "InvalidParameterException",
        "1 validation error detected: Value 'my group' at 'logGroupName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    )


def test_a_group_name_may_not_start_with_aws_slash(logs: Any) -> None:
    with pytest.raises(ClientError) as exc:
        logs.create_log_group(logGroupName="aws/mine")
    assert error(exc)[0] == "InvalidParameterException"
    logs.create_log_group(logGroupName="/aws/lambda/fn")  # Lambda's own groups start with /


def test_deleting_a_group_deletes_its_streams_and_events(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    put(logs, [(now_ms(clock), "hello")])
    logs.delete_log_group(logGroupName=GROUP)
    assert logs.describe_log_groups()["logGroups"] == []
    logs.create_log_group(logGroupName=GROUP)
    assert logs.describe_log_streams(logGroupName=GROUP)["logStreams"] == []
    assert logs.filter_log_events(logGroupName=GROUP)["events"] == []


def test_a_missing_group_is_resource_not_found(logs: Any) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: logs.delete_log_group(logGroupName="nope"),
        lambda: logs.describe_log_streams(logGroupName="nope"),
        lambda: logs.put_retention_policy(logGroupName="nope", retentionInDays=1),
        lambda: logs.delete_retention_policy(logGroupName="nope"),
        lambda: logs.filter_log_events(logGroupName="nope"),
    ]
    for call in calls:
        with pytest.raises(ClientError) as exc:
            call()
        assert error(exc) == (
            "ResourceNotFoundException",
            "The specified log group does not exist.",
        )


def test_describe_log_groups_filters_by_prefix_or_case_sensitive_pattern(logs: Any) -> None:
    for name in ("/app/DataLogs", "/app/other", "/svc/GroupDataLogs", "/svc/datalogs"):
        logs.create_log_group(logGroupName=name)
    by_prefix = logs.describe_log_groups(logGroupNamePrefix="/app/")["logGroups"]
    assert [g["logGroupName"] for g in by_prefix] == ["/app/DataLogs", "/app/other"]
    by_pattern = logs.describe_log_groups(logGroupNamePattern="DataLogs")["logGroups"]
    assert [g["logGroupName"] for g in by_pattern] == ["/app/DataLogs", "/svc/GroupDataLogs"]
    # With a pattern only arn, creationTime and logGroupName come back (DescribeLogGroups).
    assert set(by_pattern[0]) == {"arn", "creationTime", "logGroupName"}
    with pytest.raises(ClientError) as exc:
        logs.describe_log_groups(logGroupNamePrefix="/app", logGroupNamePattern="Data")
    assert error(exc)[0] == "InvalidParameterException"


def test_describe_log_groups_pages_in_name_order(logs: Any) -> None:
    names = [f"/g/{i}" for i in range(5)]
    for name in reversed(names):
        logs.create_log_group(logGroupName=name)
    first = logs.describe_log_groups(limit=2)
    assert [g["logGroupName"] for g in first["logGroups"]] == names[:2]
    pages = logs.get_paginator("describe_log_groups").paginate(PaginationConfig={"PageSize": 2})
    assert [g["logGroupName"] for page in pages for g in page["logGroups"]] == names
    with pytest.raises(ClientError) as exc:
        logs.describe_log_groups(nextToken="not-a-token")
    assert error(exc)[0] == "InvalidParameterException"


def test_describe_log_groups_by_identifier(logs: Any) -> None:
    logs.create_log_group(logGroupName=GROUP)
    logs.create_log_group(logGroupName="/other")
    found = logs.describe_log_groups(logGroupIdentifiers=[ARN])["logGroups"]
    assert [g["logGroupName"] for g in found] == [GROUP]


def test_stored_bytes_add_up_the_messages(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    put(logs, [(now, "hello"), (now + 1, "héllo")])
    assert _group(logs)["storedBytes"] == 5 + 6


def test_retention_is_one_of_awss_values(logs: Any) -> None:
    logs.create_log_group(logGroupName=GROUP)
    logs.put_retention_policy(logGroupName=GROUP, retentionInDays=1096)
    assert _group(logs)["retentionInDays"] == 1096
    with pytest.raises(ClientError) as exc:
        logs.put_retention_policy(logGroupName=GROUP, retentionInDays=2)
    assert error(exc) == (
        "InvalidParameterException",
        "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy "
        "constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, "
        "150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
    )
    logs.delete_retention_policy(logGroupName=GROUP)
    assert "retentionInDays" not in _group(logs)


def test_expired_events_stop_counting_and_being_returned(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    put(logs, [(now, "old news")])
    logs.put_retention_policy(logGroupName=GROUP, retentionInDays=1)
    clock.advance(86_400 - 1)
    assert logs.get_log_events(logGroupName=GROUP, logStreamName=STREAM)["events"] != []
    clock.advance(2)
    put(logs, [(now_ms(clock), "fresh")])
    got = logs.get_log_events(logGroupName=GROUP, logStreamName=STREAM, startFromHead=True)
    assert [e["message"] for e in got["events"]] == ["fresh"]
    filtered = logs.filter_log_events(logGroupName=GROUP)["events"]
    assert [e["message"] for e in filtered] == ["fresh"]
    assert _group(logs)["storedBytes"] == len("fresh")


def test_tags_by_group_name(logs: Any) -> None:
    logs.create_log_group(logGroupName=GROUP, tags={"team": "web"})
    logs.tag_log_group(logGroupName=GROUP, tags={"stage": "prod"})
    listed = logs.list_tags_log_group(logGroupName=GROUP)
    assert_output_shape("logs", "ListTagsLogGroup", listed)
    assert listed["tags"] == {"team": "web", "stage": "prod"}
    logs.untag_log_group(logGroupName=GROUP, tags=["team", "absent"])
    assert logs.list_tags_log_group(logGroupName=GROUP)["tags"] == {"stage": "prod"}
    with pytest.raises(ClientError) as exc:
        logs.tag_log_group(logGroupName="nope", tags={"a": "b"})
    assert error(exc)[0] == "ResourceNotFoundException"


def test_tags_by_resource_arn(logs: Any) -> None:
    logs.create_log_group(logGroupName=GROUP)
    logs.tag_resource(resourceArn=ARN, tags={"team": "web", "stage": "prod"})
    listed = logs.list_tags_for_resource(resourceArn=ARN)
    assert_output_shape("logs", "ListTagsForResource", listed)
    assert listed["tags"] == {"team": "web", "stage": "prod"}
    logs.untag_resource(resourceArn=ARN, tagKeys=["team"])
    assert logs.list_tags_for_resource(resourceArn=ARN)["tags"] == {"stage": "prod"}


def test_a_group_holds_at_most_fifty_tags(logs: Any) -> None:
    logs.create_log_group(logGroupName=GROUP, tags={f"k{i}": "v" for i in range(49)})
    with pytest.raises(ClientError) as exc:
        logs.tag_resource(resourceArn=ARN, tags={"k49": "v", "k50": "v"})
    assert error(exc)[0] == "TooManyTagsException"
    logs.tag_resource(resourceArn=ARN, tags={"k49": "v"})
    assert len(logs.list_tags_for_resource(resourceArn=ARN)["tags"]) == 50


def test_tagging_an_arn_that_names_no_group(logs: Any) -> None:
    with pytest.raises(ClientError) as exc:
        logs.list_tags_for_resource(resourceArn=ARN)
    assert error(exc) == ("ResourceNotFoundException", "The specified log group does not exist.")
    with pytest.raises(ClientError) as exc:
        logs.list_tags_for_resource(resourceArn="not-an-arn")
    assert error(exc)[0] == "InvalidParameterException"
