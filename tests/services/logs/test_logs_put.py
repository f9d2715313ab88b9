"""PutLogEvents: AWS's batch limits, events rejected one by one, and ``append``.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
"""

from __future__ import annotations

from typing import Any

import pytest
from _logs_support import GROUP, STREAM, error, messages, now_ms, put
from botocore.exceptions import ClientError

from fourbeat import Cloud, VirtualClock
from fourbeat.services.logs import Logs
from fourbeat.testing import assert_output_shape

DAY = 86_400_000
HOUR = 3_600_000


def _all(logs: Any, group: str = GROUP, stream: str = STREAM) -> list[str]:
    got = logs.get_log_events(logGroupName=group, logStreamName=stream, startFromHead=True)
    return messages(got["events"])


def test_put_then_get_in_timestamp_order(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    written = put(logs, [(now - 2, "one"), (now - 2, "two"), (now, "three")])
    assert_output_shape("logs", "PutLogEvents", written)
    assert len(written["nextSequenceToken"]) == 56
    assert "rejectedLogEventsInfo" not in written
    got = logs.get_log_events(logGroupName=GROUP, logStreamName=STREAM)
    assert_output_shape("logs", "GetLogEvents", got)
    assert messages(got["events"]) == ["one", "two", "three"]
    assert {e["ingestionTime"] for e in got["events"]} == {now}


def test_sequence_tokens_are_accepted_and_ignored(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    logs.put_log_events(
        logGroupName=GROUP,
        logStreamName=STREAM,
        logEvents=[{"timestamp": now_ms(clock), "message": "m"}],
        sequenceToken="49590338271490256608559692538361571095921575989136588898",
    )
    assert _all(logs) == ["m"]


def test_a_missing_group_or_stream(logs: Any, stream: tuple[str, str], clock: VirtualClock) -> None:
    with pytest.raises(ClientError) as exc:
        put(logs, [(now_ms(clock), "m")], group="/nope")
    assert error(exc) == ("ResourceNotFoundException", "The specified log group does not exist.")
    with pytest.raises(ClientError) as exc:
        put(logs, [(now_ms(clock), "m")], stream="nope")
    assert error(exc) == ("ResourceNotFoundException", "The specified log stream does not exist.")


def test_events_out_of_order_fail_the_batch(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    with pytest.raises(ClientError) as exc:
        put(logs, [(now, "b"), (now - 1, "a")])
    assert error(exc) == (
        "InvalidParameterException",
        "Log events in a single PutLogEvents request must be in chronological order.",
    )
    assert _all(logs) == []


def test_a_batch_may_span_24_hours_and_no_more(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    put(logs, [(now - DAY, "a"), (now, "b")])
    with pytest.raises(ClientError) as exc:
        put(logs, [(now - DAY - 1, "c"), (now, "d")])
    assert error(exc) == (
        "InvalidParameterException",
        "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
    )
    assert _all(logs) == ["a", "b"]


def test_a_batch_holds_1_mib_counting_26_bytes_an_event(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    put(logs, [(now, "x" * (1_048_576 - 26 - 27)), (now, "y")])
    with pytest.raises(ClientError) as exc:
        put(logs, [(now, "x" * (1_048_576 - 26 - 27)), (now, "é")])  # é is 2 bytes
    assert error(exc) == (
        "InvalidParameterException",
        "Upload too large: 1048577 bytes exceeds limit of 1048576",
    )


def test_a_batch_holds_10000_events(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    put(logs, [(now, "e")] * 10_000)
    with pytest.raises(ClientError) as exc:
        put(logs, [(now, "e")] * 10_001)
    code, message = error(exc)
    assert code == "InvalidParameterException"
    assert message.endswith(
        "at 'logEvents' failed to satisfy constraint: Member must have length less than or "
        "equal to 10000"
    )


def test_too_old_events_are_rejected_the_rest_kept(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    written = put(
        logs,
        [
            (now - 14 * DAY - HOUR, "too old"),
            (now - 14 * DAY - 1, "also"),
            (now - 14 * DAY, "kept"),
        ],
    )
    # The end index is exclusive (RejectedLogEventsInfo).
    assert written["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 2}
    assert _all(logs) == ["kept"]


def test_events_over_two_hours_ahead_are_rejected_the_rest_kept(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    written = put(logs, [(now, "kept"), (now + 2 * HOUR, "kept too"), (now + 2 * HOUR + 1, "new")])
    # The start index is inclusive (RejectedLogEventsInfo).
    assert written["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 2}
    assert _all(logs) == ["kept", "kept too"]


def test_events_older_than_the_retention_are_expired(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    logs.put_retention_policy(logGroupName=GROUP, retentionInDays=1)
    now = now_ms(clock)
    written = put(logs, [(now - DAY - HOUR, "expired"), (now - DAY + 1, "kept")])
    assert written["rejectedLogEventsInfo"] == {"expiredLogEventEndIndex": 1}
    assert _all(logs) == ["kept"]


def test_append_creates_the_group_and_stream_as_lambda_does(
    cloud: Cloud, logs: Any, clock: VirtualClock
) -> None:
    service = cloud.service("logs")
    assert isinstance(service, Logs)
    group, stream = "/aws/lambda/fn", "2026/01/01/[$LATEST]abc"
    service.append(group, stream, [(clock.now(), "START"), (clock.now() - 1, "INIT"), (1, "")])
    service.append(group, stream, [(clock.now() + 1, "END")])
    assert _all(logs, group, stream) == ["INIT", "START", "END"]
    described = logs.describe_log_streams(logGroupName=group)["logStreams"][0]
    assert described["lastEventTimestamp"] == now_ms(clock) + 1000
