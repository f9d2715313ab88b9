"""Queue tags: TagQueue, UntagQueue, ListQueueTags, and the tag rules CreateQueue shares.

Tag quotas (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html):
at most 50 tags a queue, keys of 1 to 128 and values of 0 to 256 characters, case-sensitive; a
tag with an existing key overwrites it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from fourbeat.services._base import Params, Request, Response
from fourbeat.services.sqs._common import SqsOperations
from fourbeat.services.sqs._errors import invalid_parameter
from fourbeat.services.sqs._queue import get_queue

MAX_TAGS = 50


def tag_context(tags: Mapping[str, str]) -> dict[str, object]:
    """The condition keys a tagging request carries (aws:TagKeys, aws:RequestTag/KEY)."""
    return {"aws:TagKeys": sorted(tags), **{f"aws:RequestTag/{k}": v for k, v in tags.items()}}


def check_tags(queue_name: str, tags: Mapping[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise invalid_parameter(f"Too many tags added for queue {queue_name}.")
    for key, value in tags.items():
        if not 1 <= len(key) <= 128:
            raise invalid_parameter("Tag keys must be between 1 and 128 characters in length.")
        if len(value) > 256:
            raise invalid_parameter("Tag values must be at most 256 characters in length.")


class TagOperations(SqsOperations):
    def TagQueue(self, request: Request, params: Params) -> Response:
        ref = self.queue_ref(request, params["QueueUrl"])
        tags: dict[str, str] = params["Tags"]
        self.authorize(request, "sqs:TagQueue", ref.arn, tag_context(tags))
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            merged = {**queue.tags, **tags}
            check_tags(queue.name, merged)
            db.execute(
                "update sqs_queues set tags = ? where id = ?", (json.dumps(merged), queue.id)
            )
        return {}

    def UntagQueue(self, request: Request, params: Params) -> Response:
        ref = self.queue_ref(request, params["QueueUrl"])
        keys: Iterable[str] = params["TagKeys"]
        self.authorize(request, "sqs:UntagQueue", ref.arn, {"aws:TagKeys": sorted(keys)})
        with self.db.transaction() as db:
            queue = get_queue(db, ref)
            kept = {k: v for k, v in queue.tags.items() if k not in set(keys)}
            db.execute("update sqs_queues set tags = ? where id = ?", (json.dumps(kept), queue.id))
        return {}

    def ListQueueTags(self, request: Request, params: Params) -> Response:
        ref = self.authorize_queue(request, "ListQueueTags", params["QueueUrl"])
        queue = get_queue(self.db.read(), ref)
        return {"Tags": queue.tags} if queue.tags else {}
