import os

import boto3


def handler(event, context):
    for record in event["Records"]:
        if record["body"] == "poison":
            raise ValueError("cannot process poison")
        boto3.client("s3").put_object(Bucket=os.environ["MARKS"], Key=record["body"], Body=b"ok")
