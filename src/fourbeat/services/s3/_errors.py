"""The errors S3 answers with, worded as AWS words them, with the extra members S3 puts in them.

Codes, messages and statuses follow https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
Modeled errors (``NoSuchBucket``, ``NoSuchKey``, ``InvalidRequest`` …) take their status from the
model; the others give it here. What fourbeat does not do answers ``NotImplemented`` (501, the
code S3 itself uses for a header it does not implement) with a message naming the feature.
"""

from __future__ import annotations

from fourbeat.errors import AwsError


def no_such_bucket(bucket: str) -> AwsError:
    return AwsError("NoSuchBucket", "The specified bucket does not exist", BucketName=bucket)


def no_such_key(key: str) -> AwsError:
    return AwsError("NoSuchKey", "The specified key does not exist.", Key=key)


def no_such_version(key: str, version_id: str) -> AwsError:
    return AwsError(
        "NoSuchVersion", "The specified version does not exist.", 404, Key=key, VersionId=version_id
    )


def no_such_upload(upload_id: str) -> AwsError:
    return AwsError(
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may "
        "have been aborted or completed.",
        UploadId=upload_id,
    )


def invalid_argument(message: str, name: str, value: object) -> AwsError:
    return AwsError("InvalidArgument", message, 400, ArgumentName=name, ArgumentValue=value)


def invalid_request(message: str) -> AwsError:
    return AwsError("InvalidRequest", message)


def malformed_xml() -> AwsError:
    return AwsError(
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema",
        400,
    )


def access_denied() -> AwsError:
    return AwsError("AccessDenied", "Access Denied")


def not_implemented(what: str) -> AwsError:
    return AwsError(
        "NotImplemented",
        f"A header you provided implies functionality that is not implemented: fourbeat does not "
        f"implement {what}",
        501,
    )


def precondition_failed(condition: str) -> AwsError:
    return AwsError(
        "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold",
        412,
        Condition=condition,
    )


def not_modified() -> AwsError:
    # A 304 carries no body; botocore then reports the bare status as the code.
    return AwsError("304", "Not Modified", 304)


def invalid_version_id(version_id: str) -> AwsError:
    return invalid_argument("Invalid version id specified", "versionId", version_id)


def internal_error() -> AwsError:
    # S3's retryable 500: botocore retries it on its own.
    return AwsError("InternalError", "We encountered an internal error. Please try again.", 500)
