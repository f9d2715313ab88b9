"""Buckets: create, delete, head, list, locate, and their versioning state.

https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from fourbeat.clock import as_datetime
from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request, Response, service_model
from fourbeat.services.s3._core import S3Core
from fourbeat.services.s3._errors import invalid_argument, malformed_xml, not_implemented
from fourbeat.services.s3._names import bucket_arn, check_bucket_name, owner
from fourbeat.services.s3._records import Bucket, get_bucket
from fourbeat.services.s3._tags import bucket_tags, tag_context

US_EAST_1 = "us-east-1"
_LEGACY_LOCATIONS = {"EU": "eu-west-1"}


class BucketOperations(S3Core):
    def CreateBucket(self, request: Request, params: Params) -> Response:
        name = params["Bucket"]
        check_bucket_name(name)
        config = params.get("CreateBucketConfiguration") or {}
        location = config.get("LocationConstraint")
        region = _bucket_region(request.region, location)
        _refuse_unsupported_settings(params, config)
        tags = bucket_tags(config.get("Tags", []))
        self.authorize(request, _create_actions(params, tags), bucket_arn(name), _context(params))
        response = {"Location": f"/{name}" if region == US_EAST_1 else _virtual_host(name)}
        with self._writing() as writes:
            existing = get_bucket(writes.db, name)
            if existing is not None:
                _answer_existing(existing, request, region)
                return response
            writes.db.execute(
                "insert into s3_buckets (name, account, region, location, created, tags) "
                "values (?, ?, ?, ?, ?, ?)",
                (name, request.account, region, location, self.clock.now(), _tags_json(tags)),
            )
        return response

    def DeleteBucket(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:DeleteBucket", bucket_arn(bucket.name))
        with self._writing() as writes:
            db = writes.db
            if db.execute(
                "select 1 from s3_objects where bucket = ? limit 1", (bucket.name,)
            ).fetchone():
                raise AwsError(
                    "BucketNotEmpty",
                    "The bucket you tried to delete is not empty",
                    409,
                    BucketName=bucket.name,
                )
            # Incomplete multipart uploads go with the bucket; their parts are not objects.
            parts = db.execute(
                "select blob from s3_parts join s3_uploads using (upload_id) where bucket = ?",
                (bucket.name,),
            ).fetchall()
            writes.release([row["blob"] for row in parts])
            db.execute("delete from s3_uploads where bucket = ?", (bucket.name,))
            db.execute("delete from s3_buckets where name = ?", (bucket.name,))
        return {}

    def HeadBucket(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        # HeadBucket needs s3:ListBucket: https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
        self.authorize(request, "s3:ListBucket", bucket_arn(bucket.name))
        return {"BucketRegion": bucket.region, "AccessPointAlias": False}

    def GetBucketLocation(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:GetBucketLocation", bucket_arn(bucket.name))
        # "Buckets in Region us-east-1 have a LocationConstraint of null."
        return {"LocationConstraint": bucket.location}

    def ListBuckets(self, request: Request, params: Params) -> Response:
        self.authorize(request, "s3:ListAllMyBuckets", "*")
        limit = params.get("MaxBuckets", 10_000)
        if not 1 <= limit <= 10_000:
            raise invalid_argument(
                "Argument max-buckets must be an integer between 1 and 10000",
                "max-buckets",
                limit,
            )
        after = _decode_token(params.get("ContinuationToken"))
        prefix = params.get("Prefix", "")
        sql = "select * from s3_buckets where account = ? and name > ? and name >= ?"
        args: list[Any] = [request.account, after, prefix]
        if "BucketRegion" in params:
            sql, args = sql + " and region = ?", [*args, params["BucketRegion"]]
        rows = self._db().execute(f"{sql} order by name limit ?", [*args, limit + 1]).fetchall()
        buckets = [Bucket.from_row(row) for row in rows if row["name"].startswith(prefix)]
        response: Response = {
            "Buckets": [_listed(bucket) for bucket in buckets[:limit]],
            "Owner": owner(request.account),
        }
        if len(buckets) > limit:
            response["ContinuationToken"] = _encode_token(buckets[limit - 1].name)
        if "Prefix" in params:
            response["Prefix"] = prefix
        return response

    def PutBucketVersioning(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:PutBucketVersioning", bucket_arn(bucket.name))
        config = params["VersioningConfiguration"]
        status = config.get("Status")
        if config.get("MFADelete") == "Enabled":
            raise not_implemented("MFA delete (VersioningConfiguration.MFADelete)")
        if status is None:
            return {}
        if status not in service_model(self.name).shape_for("BucketVersioningStatus").enum:
            raise malformed_xml()
        with self._writing() as writes:
            writes.db.execute(
                "update s3_buckets set versioning = ? where name = ?", (status, bucket.name)
            )
        return {}

    def GetBucketVersioning(self, request: Request, params: Params) -> Response:
        bucket = self._bucket(params["Bucket"], params)
        self.authorize(request, "s3:GetBucketVersioning", bucket_arn(bucket.name))
        # A bucket whose versioning was never set answers an empty configuration.
        return {} if bucket.versioning is None else {"Status": bucket.versioning}


def _bucket_region(region: str, location: str | None) -> str:
    """The region a new bucket lands in, checking the LocationConstraint against the endpoint.

    The us-east-1 endpoint takes any valid constraint but ``us-east-1`` itself (which is not
    one); a regional endpoint requires its own region:
    https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucketConfiguration.html
    """
    if location is None:
        if region != US_EAST_1:
            raise _incompatible("unspecified")
        return US_EAST_1
    if location not in service_model("s3").shape_for("BucketLocationConstraint").enum:
        raise AwsError(
            "InvalidLocationConstraint",
            "The specified location-constraint is not valid",
            400,
            LocationConstraint=location,
        )
    target = _LEGACY_LOCATIONS.get(location, location)
    if region not in (US_EAST_1, target):
        raise _incompatible(location)
    return target


def _incompatible(location: str) -> AwsError:
    return AwsError(
        "IllegalLocationConstraintException",
        f"The {location} location constraint is incompatible for the region specific endpoint "
        "this request was sent to.",
        400,
    )


def _refuse_unsupported_settings(params: Params, config: dict[str, Any]) -> None:
    if "Location" in config or "Bucket" in config:
        raise not_implemented("directory buckets (CreateBucketConfiguration.Location/Bucket)")
    if params.get("ObjectLockEnabledForBucket"):
        raise not_implemented("S3 Object Lock (ObjectLockEnabledForBucket)")
    if params.get("BucketNamespace", "global") != "global":
        raise not_implemented("account regional bucket namespaces (BucketNamespace)")
    if params.get("ObjectOwnership", "BucketOwnerEnforced") != "BucketOwnerEnforced":
        raise not_implemented("access control lists (ObjectOwnership other than the default)")
    grants = [name for name in params if name.startswith("Grant")]
    if grants or params.get("ACL", "private") != "private":
        # Object Ownership defaults to BucketOwnerEnforced: ACLs are disabled.
        raise AwsError(
            "InvalidBucketAclWithObjectOwnership",
            "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
            400,
        )


def _create_actions(params: Params, tags: list[dict[str, str]]) -> list[str]:
    actions = ["s3:CreateBucket"]
    if "ObjectOwnership" in params:
        actions.append("s3:PutBucketOwnershipControls")
    if tags:
        actions.append("s3:TagResource")
    return actions


def _context(params: Params) -> dict[str, object]:
    config = params.get("CreateBucketConfiguration") or {}
    context: dict[str, object] = {}
    if "LocationConstraint" in config:
        context["s3:locationconstraint"] = config["LocationConstraint"]
    if "ACL" in params:
        context["s3:x-amz-acl"] = params["ACL"]
    if "ObjectOwnership" in params:
        context["s3:x-amz-object-ownership"] = params["ObjectOwnership"]
    tags = config.get("Tags", [])
    if tags:
        context.update(tag_context(tags, "aws:RequestTag"))
        context["aws:TagKeys"] = [tag["Key"] for tag in tags]
    return context


def _answer_existing(existing: Bucket, request: Request, region: str) -> None:
    """Re-creating a bucket: 200 in us-east-1 for its owner (legacy), else an error.

    https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html (BucketAlreadyOwnedByYou)
    """
    if existing.account != request.account:
        raise AwsError(
            "BucketAlreadyExists",
            "The requested bucket name is not available. The bucket namespace is shared by all "
            "users of the system. Please select a different name and try again.",
            BucketName=existing.name,
        )
    if not (request.region == region == existing.region == US_EAST_1):
        raise AwsError(
            "BucketAlreadyOwnedByYou",
            "Your previous request to create the named bucket succeeded and you already own it.",
            BucketName=existing.name,
        )


def _virtual_host(name: str) -> str:
    return f"http://{name}.s3.amazonaws.com/"


def _tags_json(tags: list[dict[str, str]]) -> str | None:
    return json.dumps(tags) if tags else None


def _listed(bucket: Bucket) -> dict[str, Any]:
    return {
        "Name": bucket.name,
        "CreationDate": as_datetime(bucket.created),
        "BucketRegion": bucket.region,
    }


def _encode_token(name: str) -> str:
    return base64.urlsafe_b64encode(f"b1:{name}".encode()).decode()


def _decode_token(token: str | None) -> str:
    if token is None:
        return ""
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith("b1:"):
        raise invalid_argument(
            "The continuation token provided is incorrect", "continuation-token", token
        )
    return text[3:]
