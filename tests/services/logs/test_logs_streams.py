"""Log streams: creating, describing (by name or last event time) and deleting them."""

from __future__ import annotations

from typing import Any

import pytest
from _logs_support import GROUP, STREAM, error, now_ms, put
from botocore.exceptions import ClientError

from fourbeat import VirtualClock
from fourbeat.testing import assert_output_shape

ARN = "arn:aws:logs:us-east-1:000000000000:log-group:/app/web"


def _names(response: dict[str, Any]) -> list[str]:
    return [s["logStreamName"] for s in response["logStreams"]]


def test_a_new_stream_has_no_event_times(logs: Any, stream: tuple[str, str]) -> None:
    described = logs.describe_log_streams(logGroupName=GROUP)
    assert_output_shape("logs", "DescribeLogStreams", described)
    only = described["logStreams"][0]
    assert only["arn"] == f"{ARN}:log-stream:{STREAM}"
    assert only["storedBytes"] == 0
    assert "firstEventTimestamp" not in only and "lastIngestionTime" not in only


def test_event_times_follow_what_was_written(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    put(logs, [(now - 5000, "a"), (now - 1000, "b")])
    clock.advance(3)
    put(logs, [(now - 9000, "c")])
    only = logs.describe_log_streams(logGroupName=GROUP)["logStreams"][0]
    assert (only["firstEventTimestamp"], only["lastEventTimestamp"]) == (now - 9000, now - 1000)
    assert only["lastIngestionTime"] == now + 3000
    # storedBytes has been 0 for every stream since June 17, 2019 (LogStream reference).
    assert only["storedBytes"] == 0


def test_a_stream_name_is_taken_once_per_group(logs: Any, stream: tuple[str, str]) -> None:
    with pytest.raises(ClientError) as exc:
        logs.create_log_stream(logGroupName=GROUP, logStreamName=STREAM)
    assert error(exc) == (
        "ResourceAlreadyExistsException",
        "The specified log stream already exists",
    )
    logs.create_log_group(logGroupName="/other")
    logs.create_log_stream(logGroupName="/other", logStreamName=STREAM)


def test_a_stream_needs_its_group(logs: Any) -> None:
    with pytest.raises(ClientError) as exc:
        logs.create_log_stream(logGroupName="nope", logStreamName=STREAM)
    assert error(exc) == ("ResourceNotFoundException", "The specified log group does not exist.")


def test_a_stream_name_may_not_hold_a_colon(logs: Any, stream: tuple[str, str]) -> None:
    with pytest.raises(ClientError) as exc:
        logs.create_log_stream(logGroupName=GROUP, logStreamName="a:b")
    assert error(exc)[0] == "InvalidParameterException"
    assert "Member must satisfy regular expression pattern: [^:*]*" in error(exc)[1]


def test_streams_by_name_prefix_and_pages(logs: Any, stream: tuple[str, str]) -> None:
    for name in ("web-2", "web-3", "worker-1"):
        logs.create_log_stream(logGroupName=GROUP, logStreamName=name)
    assert _names(logs.describe_log_streams(logGroupName=GROUP, logStreamNamePrefix="web")) == [
        "web-1",
        "web-2",
        "web-3",
    ]
    first = logs.describe_log_streams(logGroupName=GROUP, limit=2, descending=True)
    assert _names(first) == ["worker-1", "web-3"]
    second = logs.describe_log_streams(
        logGroupName=GROUP, limit=2, descending=True, nextToken=first["nextToken"]
    )
    assert _names(second) == ["web-2", "web-1"]
    assert "nextToken" not in second


def test_streams_by_last_event_time(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    for name, offset in (("late", 3), ("early", 1), ("middle", 2)):
        logs.create_log_stream(logGroupName=GROUP, logStreamName=name)
        put(logs, [(now + offset, "x")], stream=name)
    newest = logs.describe_log_streams(
        logGroupName=GROUP, orderBy="LastEventTime", descending=True, limit=2
    )
    assert _names(newest) == ["late", "middle"]
    rest = logs.describe_log_streams(
        logGroupName=GROUP, orderBy="LastEventTime", descending=True, nextToken=newest["nextToken"]
    )
    assert _names(rest) == ["early", STREAM]  # a stream without events sorts as oldest


def test_ordering_by_last_event_time_refuses_a_prefix(logs: Any, stream: tuple[str, str]) -> None:
    with pytest.raises(ClientError) as exc:
        logs.describe_log_streams(
            logGroupName=GROUP, orderBy="LastEventTime", logStreamNamePrefix="web"
        )
    assert error(exc) == (
        "InvalidParameterException",
        "Cannot order by LastEventTime with a logStreamNamePrefix.",
    )


def test_the_group_may_be_named_by_arn(logs: Any, stream: tuple[str, str]) -> None:
    for identifier in (ARN, GROUP):
        assert _names(logs.describe_log_streams(logGroupIdentifier=identifier)) == [STREAM]
    with pytest.raises(ClientError) as exc:  # the model's pattern has no room for ":*"
        logs.describe_log_streams(logGroupIdentifier=f"{ARN}:*")
    assert error(exc)[0] == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        logs.describe_log_streams(logGroupName=GROUP, logGroupIdentifier=ARN)
    assert error(exc) == (
        "InvalidParameterException",
        "LogGroup name and LogGroup ARN are mutually exclusive parameters.",
    )
    other_region = ARN.replace("us-east-1", "eu-west-1")
    with pytest.raises(ClientError) as exc:
        logs.describe_log_streams(logGroupIdentifier=other_region)
    assert error(exc)[0] == "ResourceNotFoundException"


def test_deleting_a_stream_deletes_its_events(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    put(logs, [(now_ms(clock), "bye")])
    logs.delete_log_stream(logGroupName=GROUP, logStreamName=STREAM)
    assert logs.describe_log_streams(logGroupName=GROUP)["logStreams"] == []
    assert logs.filter_log_events(logGroupName=GROUP)["events"] == []
    with pytest.raises(ClientError) as exc:
        logs.delete_log_stream(logGroupName=GROUP, logStreamName=STREAM)
    assert error(exc) == ("ResourceNotFoundException", "The specified log stream does not exist.")
