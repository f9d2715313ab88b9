"""What IAM decided is kept in the data directory, whichever process decided it, and gives
the least-privilege policy a role's runs really needed."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

from fourbeat import Cloud
from fourbeat.iam import Recorded
from fourbeat.iam._least_privilege import least_privilege


def _recorded(action: str, resource: str, allowed: bool = True) -> Recorded:
    return Recorded(
        0.0, "arn:aws:sts::000000000000:assumed-role/r/s", action, resource, allowed, None
    )


def test_least_privilege_names_exact_actions_and_resources_and_groups_them() -> None:
    policy = least_privilege(
        [
            _recorded("s3:GetObject", "arn:aws:s3:::in/a.pdf"),
            _recorded("s3:GetObject", "arn:aws:s3:::in/b.pdf"),
            _recorded("s3:GetObjectTagging", "arn:aws:s3:::in/a.pdf"),
            _recorded("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:jobs", allowed=False),
        ]
    )
    assert policy == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": ["arn:aws:s3:::in/a.pdf", "arn:aws:s3:::in/b.pdf"],
            },
            {
                "Effect": "Allow",
                "Action": "s3:GetObjectTagging",
                "Resource": "arn:aws:s3:::in/a.pdf",
            },
            {
                "Effect": "Allow",
                "Action": "sqs:SendMessage",
                "Resource": "arn:aws:sqs:us-east-1:000000000000:jobs",
            },
        ],
    }


def test_decisions_are_kept_in_the_data_directory_with_denials_worded(tmp_path: Path) -> None:
    root = tmp_path / "cloud"
    with Cloud(root, engine=False) as cloud:
        iam = cloud.client("iam")
        iam.create_user(UserName="dev")
        key = iam.create_access_key(UserName="dev")["AccessKey"]
        s3 = cloud.client(
            "s3", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
        )
        with contextlib.suppress(s3.exceptions.ClientError):
            s3.list_buckets()  # denied: the user has no policy
    with Cloud(root, engine=False) as reopened:
        journal = reopened.authorizer.journal
        assert journal is not None
        (denied,) = journal.read(denied_only=True)
    assert (denied.principal, denied.action) == (
        "arn:aws:iam::000000000000:user/dev",
        "s3:ListAllMyBuckets",
    )
    assert denied.reason is not None and "is not authorized to perform" in denied.reason


def test_iam_policy_prints_what_the_demos_router_used(tmp_path: Path) -> None:
    run = [sys.executable, "-c", "from fourbeat.cli import main; main()"]
    demo = subprocess.run(
        [*run, "demo", "--data-dir", str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert demo.returncode == 0, demo.stderr
    result = subprocess.run(
        [*run, "iam", "policy", "invoice-router", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    policy = json.loads(result.stdout)
    actions = {statement["Action"] for statement in policy["Statement"]}
    assert actions == {"s3:GetObject", "sqs:SendMessage"}
