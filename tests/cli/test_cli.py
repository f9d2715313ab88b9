"""The ``fourbeat`` command: the demo runs for real; expected errors show no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _fourbeat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from fourbeat.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_demo_uploads_routes_through_a_state_machine_and_reports_iam_requests(
    tmp_path: Path,
) -> None:
    result = _fourbeat("demo", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "LookAtDocument -> HasContent -> QueueJob: SUCCEEDED" in out
    assert "ETag matches the upload" in out
    assert "assumed-role/invoice-r" in out  # the state machine called S3 and SQS as its role
    assert "messages left on the queue: 0" in out
    for action in ("s3:PutObject", "sqs:ReceiveMessage", "s3:GetObject", "sqs:DeleteMessage"):
        assert action in out
    assert (tmp_path / "cloud.db").exists()


def test_a_data_dir_from_a_newer_version_is_a_clear_error_without_traceback(
    tmp_path: Path,
) -> None:
    (tmp_path / "fourbeat.json").write_text(json.dumps({"format": 7}))
    result = _fourbeat("demo", "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "written by a newer fourbeat" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_version_prints_the_package_version() -> None:
    result = _fourbeat("version")
    assert result.returncode == 0 and result.stdout.startswith("fourbeat ")


def test_conformance_prints_pass_rates_and_lists_failing_ids(tmp_path: Path) -> None:
    passing = {
        "id": "pass-case", "category": "base", "features": ["state:Pass"],
        "definition": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
        "input": {"a": 1}, "expected": {"status": "SUCCEEDED", "output": {"a": 1}},
    }  # fmt: skip
    failing = {**passing, "id": "wrong-case", "expected": {"status": "SUCCEEDED", "output": 2}}
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(passing) + "\n" + json.dumps(failing) + "\n")
    result = _fourbeat("conformance", "asl", str(corpus))
    assert result.returncode == 1, result.stderr
    assert "1 of 2 passed (50.0%)" in result.stdout
    assert "FAIL wrong-case" in result.stdout
    assert "pass-case" not in result.stdout.split("passed (50.0%)")[1]
