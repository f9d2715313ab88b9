"""``fourbeat invoke``: a function of a data directory, its result and its log."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from fourbeat import Cloud

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
CODE = """
def handler(event, context):
    print("adding", event["a"], "and", event["b"])
    return {"sum": event["a"] + event["b"]}
"""


def _deploy(root: Path) -> None:
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("calc.py", CODE)
    with Cloud(root, engine=False) as cloud:
        iam = cloud.client("iam")
        role = iam.create_role(RoleName="calc", AssumeRolePolicyDocument=json.dumps(TRUST))
        iam.attach_role_policy(
            RoleName="calc",
            PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        )
        cloud.client("lambda").create_function(
            FunctionName="calc",
            Runtime="python3.12",
            Role=role["Role"]["Arn"],
            Handler="calc.handler",
            Code={"ZipFile": package.getvalue()},
        )


def _fourbeat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from fourbeat.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_invoke_prints_the_log_and_the_result(tmp_path: Path) -> None:
    root = tmp_path / "cloud"
    _deploy(root)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"a": 2, "b": 40}))
    result = _fourbeat("invoke", "calc", "--event", str(event), "--data-dir", str(root))
    assert result.returncode == 0, result.stderr
    assert "adding 2 and 40" in result.stdout
    assert "REPORT RequestId:" in result.stdout
    assert '"sum": 42' in result.stdout


def test_a_missing_function_or_bad_event_is_a_clear_error(tmp_path: Path) -> None:
    root = tmp_path / "cloud"
    _deploy(root)
    missing = _fourbeat("invoke", "nope", "--data-dir", str(root))
    assert missing.returncode == 1
    assert "ResourceNotFoundException: Function not found" in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    broken = _fourbeat("invoke", "calc", "--event", str(bad), "--data-dir", str(root))
    assert broken.returncode == 1
    assert "the event is not JSON" in broken.stderr
    assert "Traceback" not in broken.stderr + missing.stderr


def test_logs_prints_what_the_function_printed(tmp_path: Path) -> None:
    root = tmp_path / "cloud"
    _deploy(root)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"a": 1, "b": 2}))
    assert (
        _fourbeat("invoke", "calc", "--event", str(event), "--data-dir", str(root)).returncode == 0
    )
    result = _fourbeat("logs", "calc", "--data-dir", str(root))
    assert result.returncode == 0, result.stderr
    assert "adding 1 and 2" in result.stdout
    assert "START RequestId:" in result.stdout
    missing = _fourbeat("logs", "nobody", "--data-dir", str(root))
    assert missing.returncode == 1 and "no logs for /aws/lambda/nobody" in missing.stderr
