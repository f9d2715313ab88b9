"""Bucket subresources kept as documents: policy, notification configuration and tags.

They are stored as S3 stores them and answered back; evaluating the policy and delivering
notifications belong to other packages.
"""

from __future__ import annotations

import json
from typing import Any

from fourbeat.errors import AwsError
from fourbeat.events import DELIVERY_KIND
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.s3._core import S3Core
from fourbeat.services.s3._events import destination_test_event
from fourbeat.services.s3._names import bucket_arn
from fourbeat.services.s3._notifications import checked_configuration
from fourbeat.services.s3._policy import check_policy
from fourbeat.services.s3._tags import bucket_tags


class BucketConfigOperations(S3Core):
    def PutBucketPolicy(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:PutBucketPolicy", bucket_arn(bucket.name))
        check_policy(params["Policy"], bucket.name)
        self._set(bucket.name, "policy", params["Policy"])
        return {}

    def GetBucketPolicy(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:GetBucketPolicy", bucket_arn(bucket.name))
        if bucket.policy is None:
            raise AwsError(
                "NoSuchBucketPolicy",
                "The bucket policy does not exist",
                404,
                BucketName=bucket.name,
            )
        return {"Policy": bucket.policy}

    def DeleteBucketPolicy(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:DeleteBucketPolicy", bucket_arn(bucket.name))
        self._set(bucket.name, "policy", None)
        return {}

    def PutBucketNotificationConfiguration(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:PutBucketNotification", bucket_arn(bucket.name))
        config = checked_configuration(params["NotificationConfiguration"], bucket.region)
        self._set(bucket.name, "notification", json.dumps(config) if config else None)
        now = self.clock.now()
        for entry in config.get("QueueConfigurations", []):
            message = destination_test_event(bucket, request, now)
            self.store.queue.put(
                DELIVERY_KIND, {"target": entry["QueueArn"], "message": message}, now
            )
        return {}

    def GetBucketNotificationConfiguration(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:GetBucketNotification", bucket_arn(bucket.name))
        config: dict[str, Any] = bucket.notification or {}
        return config

    def PutBucketTagging(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:PutBucketTagging", bucket_arn(bucket.name))
        tags = bucket_tags(params["Tagging"]["TagSet"])
        self._set(bucket.name, "tags", json.dumps(tags) if tags else None)
        return {}

    def GetBucketTagging(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:GetBucketTagging", bucket_arn(bucket.name))
        if not bucket.tags:
            raise AwsError("NoSuchTagSet", "The TagSet does not exist", 404, BucketName=bucket.name)
        return {"TagSet": bucket.tags}

    def DeleteBucketTagging(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        # There is no s3:DeleteBucketTagging action; deleting tags needs s3:PutBucketTagging.
        # https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketTagging.html
        self.authorize(request, "s3:PutBucketTagging", bucket_arn(bucket.name))
        self._set(bucket.name, "tags", None)
        return {}

    def _set(self, bucket: str, column: str, value: str | None) -> None:
        with self._writing() as writes:
            writes.db.execute(f"update s3_buckets set {column} = ? where name = ?", (value, bucket))
