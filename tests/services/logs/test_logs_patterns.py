"""Filter patterns, table-driven: each pattern against a message, matched or not, family by
family as the syntax page describes them.
https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from _logs_support import GROUP, error, now_ms, put
from botocore.exceptions import ClientError

from fourbeat import VirtualClock
from fourbeat.services.logs._pattern import FilterPatternError, compile_pattern

# Unstructured terms: case-sensitive whole terms, all must appear; "?" any of; "-" none of;
# quoted exact phrases (FilterAndPatternSyntax.html, "Matching terms in unstructured log
# events").
TERMS = [
    ("", "anything at all", True),
    ("ERROR", "[ERROR 400] BAD REQUEST", True),
    ("ERROR", "[error 400] bad request", False),
    ("ERROR", "ERRORS everywhere", False),
    ("ERROR", "MY_ERROR happened", False),
    ("ERROR", "ERROR: disk full", True),
    ("ERROR ARGUMENTS", "ERROR: bad ARGUMENTS given", True),
    ("ERROR ARGUMENTS", "ERROR: nothing else", False),
    ("ARGUMENTS ERROR", "ERROR before ARGUMENTS", True),
    ('"INTERNAL SERVER ERROR"', "[ERROR 500] INTERNAL SERVER ERROR", True),
    ('"INTERNAL SERVER ERROR"', "SERVER INTERNAL ERROR", False),
    ("?ERROR ?WARN", "WARN: disk at 90%", True),
    ("?ERROR ?WARN", "INFO all good", False),
    ("?ERROR ?WARN", "ERROR and WARN", True),
    ("ERROR -ARGUMENTS", "ERROR: bad input", True),
    ("ERROR -ARGUMENTS", "ERROR: bad ARGUMENTS", False),
    ("-DEBUG", "INFO started", True),
    ("-DEBUG", "DEBUG details", False),
    ('"user@example.com"', "login user@example.com ok", True),
    ('"ERROR 401"', "[ERROR 401] UNAUTHORIZED", True),
    ('"ERROR 401"', "[ERROR 4010] ODD", False),
    ("404", "GET /index.html 404 12", True),
    ("404", "GET /index.html 4040 12", False),
    ('"ERROR" -"Exiting"', "ERROR: Exiting now", False),
    ('?"out of memory" ?OOM', "java: out of memory", True),
    ("ERROR ?disk ?net", "ERROR net down", True),
    ("ERROR ?disk ?net", "ERROR cpu hot", False),
    ("  ERROR  ", "ERROR", True),
]

# Regular expressions between % signs, matched anywhere in the message ("Supported regular
# expressions (regex) syntax").
REGEXES = [
    ("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", True),
    ("%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST", True),
    ("%^ERROR%", "ERROR first", True),
    ("%^ERROR%", "an ERROR later", False),
    ("%colou?r%", "the color red", True),
    ("%gray|grey%", "a grey sky", True),
    ("%[0-9]{3}$%", "status 503", True),
    ("%10\\.10\\.0\\.1%", "from 10.10.0.1", True),
    ("%10\\.10\\.0\\.1%", "from 10a10b0c1", False),
]

DOC = json.dumps(
    {
        "eventType": "UpdateTrail",
        "sourceIPAddress": "123.123.1.1",
        "level": "ERROR",
        "latency": 120,
        "bandwidth": 75.5,
        "user": {"id": 1, "name": "ana"},
        "users": [{"email": "John.Doe@example.com"}],
        "actions": ["GET", "PUT", "DELETE"],
        "error": True,
        "retry": False,
        "nothing": None,
        "code": "200",
    }
)

# JSON patterns: $. selectors, = and != on strings (with * wildcards), numeric comparisons,
# IS TRUE / IS FALSE / IS NULL / NOT EXISTS, && and || with parentheses ("Using filter
# patterns to match terms in JSON log events").
JSON_PATTERNS = [
    ('{ $.eventType = "UpdateTrail" }', DOC, True),
    ('{ $.eventType = "DeleteTrail" }', DOC, False),
    ("{ $.eventType = UpdateTrail }", DOC, True),
    ('{ $.eventType = "Update*" }', DOC, True),
    ("{ $.sourceIPAddress != 123.123.* }", DOC, False),
    ("{ $.sourceIPAddress != 124.* }", DOC, True),
    ("{ $.latency > 100 }", DOC, True),
    ("{ $.latency >= 121 }", DOC, False),
    ("{ $.latency = 120 }", DOC, True),
    ("{ $.bandwidth < 1e2 }", DOC, True),
    ("{ $.latency != 120 }", DOC, False),
    ("{ $.user.id = 1 }", DOC, True),
    ('{ $.users[0].email = "John.Doe@example.com" }', DOC, True),
    ('{ $.actions[2] = "DELETE" }', DOC, True),
    ('{ $.actions[5] = "DELETE" }', DOC, False),
    ('{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }', DOC, True),
    ('{ ($.user.id = 2 && $.users[0].email = "x") || $.actions[2] = "GET" }', DOC, False),
    ('{ ($.user.id = 2 && $.users[0].email = "x") || $.actions[2] = "DELETE" }', DOC, True),
    ('{ $.level = "ERROR" || $.latency > 1000 && $.error IS FALSE }', DOC, True),
    ('{ ($.level = "ERROR" || $.latency > 1000) && $.error IS FALSE }', DOC, False),
    ("{ $.error IS TRUE }", DOC, True),
    ("{ $.retry IS FALSE }", DOC, True),
    ("{ $.retry IS TRUE }", DOC, False),
    ("{ $.nothing IS NULL }", DOC, True),
    ("{ $.latency IS NULL }", DOC, False),
    ("{ $.missing NOT EXISTS }", DOC, True),
    ("{ $.level NOT EXISTS }", DOC, False),
    ('{ $.missing != "x" }', DOC, False),
    ("{ $.code = 200 }", DOC, False),  # a number matches numbers, not the text "200"
    ('{ $.latency = "*" }', DOC, True),  # the CDK's FilterPattern.exists
    ("{ $.level = %ERR% }", DOC, True),
    ('{ $.level = "ERROR" }', "level=ERROR is not JSON", False),
    ('{ $.level = "ERROR" }', '["ERROR"]', False),
    ('{ $.user = "ana" }', DOC, False),
]

ACCESS = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534'

# Space-delimited patterns: one slot a field, [...] and "..." fields whole, ... for any number
# of fields, conditions on a slot's own field ("Using filter patterns to match terms in
# space-delimited log events").
DELIMITED = [
    ("[ip, user, username, timestamp, request, status_code, bytes]", ACCESS, True),
    ("[ip, user, username, timestamp, request, status_code]", ACCESS, False),
    ("[ip, user, username, timestamp, request, status_code = 200, bytes]", ACCESS, True),
    ("[ip, user, username, timestamp, request, status_code = 4*, bytes]", ACCESS, False),
    ("[ip, user, username, timestamp, request, status_code = 2*, bytes > 1000]", ACCESS, True),
    ("[..., status_code, bytes > 2000]", ACCESS, False),
    ("[ip = 127.0.0.*, ...]", ACCESS, True),
    ("[ip, user, username = frank, ...]", ACCESS, True),
    ('[..., request = "*gif*", status_code, bytes]', ACCESS, True),
    ('[..., request = "GET /apache_pb.gif HTTP/1.0", status_code, bytes]', ACCESS, True),
    ('[..., timestamp = "10/Oct/2000*", ...]', ACCESS, True),
    ("[..., status_code = 404 || status_code = 200, bytes]", ACCESS, True),
    ("[..., status_code != 200, bytes]", ACCESS, False),
    ("[w1 = ERROR, w2]", "ERROR disk", True),
    ("[w1=ERROR, w2]", "WARN disk", False),
    ("[..., bytes >= 1534]", ACCESS, True),
    ("[..., bytes < 1534]", ACCESS, False),
    ("[ip, ...]", "single", True),
    ("[..., latency > 5 && latency < 10]", "GET / 7", True),
    ("[..., latency > 5]", "GET / slow", False),
]

CASES = TERMS + REGEXES + JSON_PATTERNS + DELIMITED


@pytest.mark.parametrize(("pattern", "message", "expected"), CASES)
def test_filter_pattern_matches_as_the_syntax_page_says(
    pattern: str, message: str, expected: bool
) -> None:
    assert compile_pattern(pattern).matches(message) is expected


def test_there_are_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60


INVALID = [
    ('{ $.level = "ERROR"', "If a filter pattern starts with '{' it must end with '}'"),
    ("[ip, user", "If a filter pattern starts with '[' it must end with ']'"),
    ('{ level = "ERROR" }', "Invalid filter pattern"),
    ("{ $.level = }", "Invalid filter pattern"),
    ('{ $.level < "x" }', "Invalid filter pattern"),
    ("{ $.a = 1 && }", "Invalid filter pattern"),
    ("{ ($.a = 1 }", "Invalid filter pattern"),
    ("{ $.a IS MAYBE }", "Invalid filter pattern"),
    ("{ }", "Invalid filter pattern"),
    ('{ $.a = "x" & $.b = 1 }', "Invalid filter pattern"),
    ("[ip, , bytes]", "Invalid filter pattern"),
    # An old example of the syntax page that AWS itself refuses (awsdocs issue #21).
    ("[ip, status_code = 4* && bytes > 1000]", "Invalid filter pattern"),
    ("ERROR:", "Invalid character(s) in term 'ERROR:'"),
    ("?", "Invalid character(s) in term '?'"),
    ('""', "Invalid character(s) in term '\"\"'"),
    ('"unterminated', "Invalid filter pattern"),
    ("%(a|b)%", "Invalid filter pattern"),
    ("%something!%", "Invalid filter pattern"),
]


@pytest.mark.parametrize(("pattern", "message"), INVALID)
def test_a_pattern_that_does_not_parse_is_refused_with_aws_words(
    pattern: str, message: str
) -> None:
    with pytest.raises(FilterPatternError) as exc:
        compile_pattern(pattern)
    assert exc.value.message == message


def test_a_compiled_pattern_is_reused_and_prints_as_written() -> None:
    text = '{ $.level = "ERROR" }'
    assert compile_pattern(text) is compile_pattern(text)
    assert str(compile_pattern(text)) == text


def test_filter_log_events_applies_the_pattern_end_to_end(
    logs: Any, stream: tuple[str, str], clock: VirtualClock
) -> None:
    now = now_ms(clock)
    put(logs, [(now, DOC), (now + 1, ACCESS), (now + 2, "[ERROR 500] boom")])
    found = logs.filter_log_events(logGroupName=GROUP, filterPattern="{ $.latency > 100 }")
    assert [e["message"] for e in found["events"]] == [DOC]
    found = logs.filter_log_events(
        logGroupName=GROUP, filterPattern="[..., status = 200, bytes > 1]"
    )
    assert [e["message"] for e in found["events"]] == [ACCESS]


def test_filter_log_events_refuses_an_invalid_pattern(logs: Any, stream: tuple[str, str]) -> None:
    with pytest.raises(ClientError) as exc:
        logs.filter_log_events(logGroupName=GROUP, filterPattern="{ $.a = 1")
    assert error(exc) == (
        "InvalidParameterException",
        "If a filter pattern starts with '{' it must end with '}'",
    )
    with pytest.raises(ClientError) as exc:
        logs.filter_log_events(logGroupName=GROUP, filterPattern="a.b")
    assert error(exc) == ("InvalidParameterException", "Invalid character(s) in term 'a.b'")
