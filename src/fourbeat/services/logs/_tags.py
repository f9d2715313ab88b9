"""Tags on log groups, by name (TagLogGroup, UntagLogGroup, ListTagsLogGroup: deprecated but
served) and by ARN (TagResource, UntagResource, ListTagsForResource). A group holds at most
50 tags.
https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
"""

from __future__ import annotations

import json
from collections.abc import Callable

from fourbeat.services._base import Params, Request, Response
from fourbeat.services.logs._common import LogsCore
from fourbeat.services.logs._groups import MAX_TAGS, check_tag_count
from fourbeat.services.logs._names import group_from_resource_arn, invalid

Change = Callable[[dict[str, str]], None]


class TagOperations(LogsCore):
    def TagLogGroup(self, request: Request, params: Params) -> Response:
        new = params["tags"]

        def tag(tags: dict[str, str]) -> None:
            tags.update(new)
            if len(tags) > MAX_TAGS:
                raise invalid(f"A log group can have no more than {MAX_TAGS} tags.")  # assumed

        self._change(request, params["logGroupName"], tag)
        return {}

    def UntagLogGroup(self, request: Request, params: Params) -> Response:
        self._change(request, params["logGroupName"], _untag(params["tags"]))
        return {}

    def ListTagsLogGroup(self, request: Request, params: Params) -> Response:
        return {"tags": self._tags(request, params["logGroupName"])}

    def TagResource(self, request: Request, params: Params) -> Response:
        new = params["tags"]

        def tag(tags: dict[str, str]) -> None:
            tags.update(new)
            check_tag_count(tags)

        self._change(request, self._resource(request, params), tag)
        return {}

    def UntagResource(self, request: Request, params: Params) -> Response:
        self._change(request, self._resource(request, params), _untag(params["tagKeys"]))
        return {}

    def ListTagsForResource(self, request: Request, params: Params) -> Response:
        return {"tags": self._tags(request, self._resource(request, params))}

    def _resource(self, request: Request, params: Params) -> str:
        return group_from_resource_arn(params["resourceArn"], request.region, request.account)

    def _tags(self, request: Request, group: str) -> dict[str, str]:
        self.authorize_group(request, group)
        tags: dict[str, str] = json.loads(self.group_row(request.region, group)["tags"])
        return tags

    def _change(self, request: Request, group: str, change: Change) -> None:
        self.authorize_group(request, group)
        with self.store.db.transaction() as db:
            tags = json.loads(self.group_row(request.region, group, db)["tags"])
            change(tags)
            db.execute(
                "update logs_groups set tags = ? where region = ? and name = ?",
                (json.dumps(tags), request.region, group),
            )


def _untag(keys: list[str]) -> Change:
    def untag(tags: dict[str, str]) -> None:
        for key in keys:
            tags.pop(key, None)

    return untag
