"""GetLogEvents' two-way tokens and FilterLogEvents' interleaved, paged search.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _logs_support import GROUP, STREAM, error, messages, now_ms, put
from botocore.exceptions import ClientError

from fourbeat import VirtualClock
from fourbeat.testing import assert_output_shape


@pytest.fixture
def five(logs: Any, stream: tuple[str, str], clock: VirtualClock) -> int:
    """Events e0..e4 a millisecond apart in the one stream; answers the first timestamp."""
    start = now_ms(clock) - 10
    put(logs, [(start + i, f"e{i}") for i in range(5)])
    return start


def _get(logs: Any, **kwargs: Any) -> Any:
    return logs.get_log_events(logGroupName=GROUP, logStreamName=STREAM, **kwargs)


def test_without_a_token_the_latest_come_back_unless_from_head(logs: Any, five: int) -> None:
    assert messages(_get(logs, limit=2)["events"]) == ["e3", "e4"]
    assert messages(_get(logs, limit=2, startFromHead=True)["events"]) == ["e0", "e1"]


def test_tokens_have_awss_shape(logs: Any, five: int) -> None:
    got = _get(logs, limit=2)
    assert got["nextForwardToken"].startswith("f/")
    assert got["nextBackwardToken"].startswith("b/")
    assert len(got["nextForwardToken"]) == len(got["nextBackwardToken"]) == 58


def test_forward_paging_ends_with_the_token_it_was_given(logs: Any, five: int) -> None:
    seen: list[str] = []
    got = _get(logs, limit=2, startFromHead=True)
    seen += messages(got["events"])
    while True:
        token = got["nextForwardToken"]
        got = _get(logs, limit=2, startFromHead=True, nextToken=token)
        seen += messages(got["events"])
        if got["nextForwardToken"] == token:
            break
    assert seen == ["e0", "e1", "e2", "e3", "e4"]
    assert got["events"] == []


def test_backward_paging_reaches_the_head(logs: Any, five: int) -> None:
    got = _get(logs, limit=2)
    pages = [messages(got["events"])]
    while True:
        token = got["nextBackwardToken"]
        got = _get(logs, limit=2, nextToken=token)
        if got["nextBackwardToken"] == token:
            break
        pages.append(messages(got["events"]))
    assert pages == [["e3", "e4"], ["e1", "e2"], ["e0"]]


def test_a_forward_token_sees_later_events(logs: Any, five: int, clock: VirtualClock) -> None:
    token = _get(logs)["nextForwardToken"]
    put(logs, [(now_ms(clock), "later")])
    assert messages(_get(logs, nextToken=token, startFromHead=True)["events"]) == ["later"]


def test_start_time_is_inclusive_and_end_time_exclusive(logs: Any, five: int) -> None:
    got = _get(logs, startTime=five + 1, endTime=five + 3, startFromHead=True)
    assert messages(got["events"]) == ["e1", "e2"]


def test_an_invalid_token_or_missing_stream(logs: Any, five: int) -> None:
    with pytest.raises(ClientError) as exc:
        _get(logs, nextToken="x/123")
    assert error(exc)[0] == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        logs.get_log_events(logGroupName=GROUP, logStreamName="nope")
    assert error(exc) == ("ResourceNotFoundException", "The specified log stream does not exist.")


def test_filter_interleaves_streams_by_timestamp(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    logs.create_log_stream(logGroupName=GROUP, logStreamName="web-2")
    put(logs, [(now - 3, "a1"), (now - 1, "a2")])
    put(logs, [(now - 2, "b1"), (now, "b2")], stream="web-2")
    found = logs.filter_log_events(logGroupName=GROUP)
    assert_output_shape("logs", "FilterLogEvents", found)
    assert messages(found["events"]) == ["a1", "b1", "a2", "b2"]
    assert [e["logStreamName"] for e in found["events"]] == [STREAM, "web-2", STREAM, "web-2"]
    assert len({e["eventId"] for e in found["events"]}) == 4
    assert found["searchedLogStreams"] == []
    assert {e["ingestionTime"] for e in found["events"]} == {now}


def test_filter_by_stream_names_or_prefix_not_both(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    for name in ("web-2", "worker"):
        logs.create_log_stream(logGroupName=GROUP, logStreamName=name)
        put(logs, [(now, name)], stream=name)
    put(logs, [(now, STREAM)])
    named = logs.filter_log_events(logGroupName=GROUP, logStreamNames=["worker", "absent"])
    assert messages(named["events"]) == ["worker"]
    prefixed = logs.filter_log_events(logGroupName=GROUP, logStreamNamePrefix="web")
    assert sorted(messages(prefixed["events"])) == [STREAM, "web-2"]
    with pytest.raises(ClientError) as exc:
        logs.filter_log_events(
            logGroupName=GROUP, logStreamNames=["worker"], logStreamNamePrefix="web"
        )
    assert error(exc)[0] == "InvalidParameterException"


def test_filter_end_time_is_inclusive(logs: Any, five: int) -> None:
    found = logs.filter_log_events(logGroupName=GROUP, startTime=five + 1, endTime=five + 3)
    assert messages(found["events"]) == ["e1", "e2", "e3"]


def test_filter_pages_with_next_token(logs: Any, five: int) -> None:
    first = logs.filter_log_events(logGroupName=GROUP, limit=2, filterPattern="-e2")
    assert messages(first["events"]) == ["e0", "e1"]
    second = logs.filter_log_events(
        logGroupName=GROUP, limit=2, filterPattern="-e2", nextToken=first["nextToken"]
    )
    assert messages(second["events"]) == ["e3", "e4"]
    assert "nextToken" not in second
    pages = logs.get_paginator("filter_log_events").paginate(
        logGroupName=GROUP, PaginationConfig={"PageSize": 2}
    )
    assert [m for page in pages for m in messages(page["events"])] == [f"e{i}" for i in range(5)]


def test_filter_newest_first_needs_a_start_time_from_2024(logs: Any, five: int) -> None:
    found = logs.filter_log_events(logGroupName=GROUP, startFromHead=False, startTime=five)
    assert messages(found["events"]) == ["e4", "e3", "e2", "e1", "e0"]
    with pytest.raises(ClientError) as exc:
        logs.filter_log_events(logGroupName=GROUP, startFromHead=False, startTime=0)
    assert error(exc)[0] == "InvalidParameterException"


def test_filter_by_group_arn(logs: Any, five: int) -> None:
    arn = "arn:aws:logs:us-east-1:000000000000:log-group:/app/web"
    assert len(logs.filter_log_events(logGroupIdentifier=arn)["events"]) == 5
    with pytest.raises(ClientError) as exc:
        logs.filter_log_events()
    assert error(exc)[0] == "InvalidParameterException"
