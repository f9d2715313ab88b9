"""S3: buckets and objects."""

from __future__ import annotations

from fourbeat.services._base import Service


class S3(Service):
    name = "s3"
