"""A killed writer loses nothing it acknowledged; two processes on one data dir see one cloud."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from fourbeat import Cloud

WRITER = textwrap.dedent(
    """
    import sys, fourbeat
    with fourbeat.Cloud(sys.argv[1]) as cloud:
        s3, sqs = cloud.client("s3"), cloud.client("sqs")
        s3.create_bucket(Bucket="acks")
        url = sqs.create_queue(QueueName="acks")["QueueUrl"]
        print("ready", flush=True)
        n = 0
        while True:
            n += 1
            s3.put_object(Bucket="acks", Key=f"k{n}", Body=f"body {n}".encode() * 100)
            sqs.send_message(QueueUrl=url, MessageBody=f"message {n}")
            print(n, flush=True)
    """
)


def test_kill_9_of_a_writer_loses_no_acknowledged_object_or_message(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    acknowledged = 0
    while acknowledged < 40:
        acknowledged = int(writer.stdout.readline())
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(30)

    with Cloud(tmp_path) as cloud:
        s3, sqs = cloud.client("s3"), cloud.client("sqs")
        for n in range(1, acknowledged + 1):
            body = s3.get_object(Bucket="acks", Key=f"k{n}")["Body"].read()
            assert body == f"body {n}".encode() * 100
        url = sqs.get_queue_url(QueueName="acks")["QueueUrl"]
        seen: set[str] = set()
        while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
            seen |= {m["Body"] for m in batch}
        assert {f"message {n}" for n in range(1, acknowledged + 1)} <= seen


READER = textwrap.dedent(
    """
    import sys, fourbeat
    with fourbeat.Cloud(sys.argv[1]) as cloud:
        print(cloud.client("s3").get_object(Bucket="shared", Key="note")["Body"].read().decode())
    """
)


def test_a_second_process_sees_what_the_first_wrote(tmp_path: Path) -> None:
    with Cloud(tmp_path) as cloud:
        s3 = cloud.client("s3")
        s3.create_bucket(Bucket="shared")
        s3.put_object(Bucket="shared", Key="note", Body=b"written by the parent")
        out = subprocess.run(
            [sys.executable, "-c", READER, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    assert out.stdout.strip() == "written by the parent"
