"""Tags on state machines: TagResource, UntagResource, ListTagsForResource.

https://docs.aws.amazon.com/step-functions/latest/apireference/API_TagResource.html
"""

from __future__ import annotations

import json
import sqlite3

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response
from fourbeat.services.stepfunctions._common import StepFunctionsCore

MAX_TAGS = 50


class TagOperations(StepFunctionsCore):
    def TagResource(self, request: Request, params: Params) -> Response:
        arn = params["resourceArn"]
        self.authorize(request, "states:TagResource", arn)
        with self.store.db.transaction() as db:
            tags = json.loads(self._tagged(arn, db)["tags"])
            tags.update({t["key"]: t["value"] for t in params["tags"]})
            if len(tags) > MAX_TAGS:
                raise AwsError(
                    "TooManyTags", f"Too many tags for resource: '{arn}'", resourceName=arn
                )
            db.execute("update sfn_machines set tags = ? where arn = ?", (json.dumps(tags), arn))
        return {}

    def UntagResource(self, request: Request, params: Params) -> Response:
        arn = params["resourceArn"]
        self.authorize(request, "states:UntagResource", arn)
        with self.store.db.transaction() as db:
            tags = json.loads(self._tagged(arn, db)["tags"])
            for key in params["tagKeys"]:
                tags.pop(key, None)
            db.execute("update sfn_machines set tags = ? where arn = ?", (json.dumps(tags), arn))
        return {}

    def ListTagsForResource(self, request: Request, params: Params) -> Response:
        arn = params["resourceArn"]
        self.authorize(request, "states:ListTagsForResource", arn)
        tags = json.loads(self._tagged(arn)["tags"])
        return {"tags": [{"key": k, "value": v} for k, v in tags.items()]}

    def _tagged(self, arn: str, db: sqlite3.Connection | None = None) -> sqlite3.Row:
        try:
            return self._machine_row(arn, db)
        except AwsError as missing:
            raise AwsError(
                "ResourceNotFound", f"Resource not found: '{arn}'", resourceName=arn
            ) from missing
