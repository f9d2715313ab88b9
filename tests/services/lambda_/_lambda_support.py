"""What the Lambda tests share: handlers to deploy and packages built from source."""

from __future__ import annotations

import io
import zipfile

LAMBDA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}

HANDLERS = """
import json, os, sys, time
import boto3

def echo(event, context):
    print("got", json.dumps(event))
    return {"event": event, "request_id": context.aws_request_id,
            "function": context.function_name, "version": context.function_version,
            "arn": context.invoked_function_arn, "memory": context.memory_limit_in_mb,
            "group": context.log_group_name, "stream": context.log_stream_name,
            "remaining": context.get_remaining_time_in_millis(),
            "env": {k: os.environ.get(k) for k in ("STAGE", "AWS_LAMBDA_FUNCTION_NAME",
                    "AWS_REGION", "AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "_HANDLER")}}

def whoami(event, context):
    return boto3.client("sts").get_caller_identity()["Arn"]

def put(event, context):
    boto3.client("s3").put_object(Bucket=event["bucket"], Key="from-lambda", Body=b"hi")
    return "ok"

def fail(event, context):
    raise ValueError("the invoice has no total")

def unserializable(event, context):
    return {1, 2}

def hang(event, context):
    time.sleep(30)

def record_batch(event, context):
    bodies = [r["body"] for r in event["Records"]]
    boto3.client("s3").put_object(
        Bucket="batches-bucket", Key=context.aws_request_id, Body=json.dumps(event)
    )
    return None

def fail_bad(event, context):
    bad = [r["messageId"] for r in event["Records"] if r["body"] == "bad"]
    return {"batchItemFailures": [{"itemIdentifier": i} for i in bad]}

def crash(event, context):
    sys.stdout.write("going down\\n")
    os._exit(3)
"""


def package(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
