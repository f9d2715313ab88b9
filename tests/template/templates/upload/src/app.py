import os
import urllib.parse

import boto3


def handler(event, context):
    key = urllib.parse.unquote_plus(event["Records"][0]["s3"]["object"]["key"])
    boto3.client("s3").put_object(
        Bucket=os.environ["RESULTS"], Key=f"{key}.seen", Body=os.environ["STAGE"].encode()
    )
