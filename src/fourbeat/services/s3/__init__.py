"""S3: buckets, objects, versions, multipart uploads, and the bucket documents S3 keeps
(policy, notification configuration, tags).

The ``S3`` class is one service made of mixins, one module per concern; all share
``S3Core`` (tables, look-ups, write transactions). Object bodies live in the blob store and
are read and written as streams, never whole in memory.
https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html
"""

from __future__ import annotations

from fourbeat.services.s3._bucket_config import BucketConfigOperations
from fourbeat.services.s3._buckets import BucketOperations
from fourbeat.services.s3._listing import ListingOperations
from fourbeat.services.s3._multipart import MultipartOperations
from fourbeat.services.s3._object_tags import ObjectTaggingOperations
from fourbeat.services.s3._objects import ObjectOperations
from fourbeat.services.s3._uploads import UploadListingOperations

__all__ = ["S3"]


class S3(
    BucketOperations,
    BucketConfigOperations,
    ObjectOperations,
    ObjectTaggingOperations,
    ListingOperations,
    MultipartOperations,
    UploadListingOperations,
):
    name = "s3"
