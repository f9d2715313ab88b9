"""Textract's errors, with the messages Textract sends.

Textract's messages are short and generic: a parameter it rejects, whatever the reason, is
``InvalidParameterException: Request has invalid parameters``; a document it cannot open is
``UnsupportedDocumentException: Request has unsupported document format``; an S3 object it
cannot read, for any reason (missing, another region, no permission), is
``InvalidS3ObjectException: Unable to get object metadata from S3. Check object key, region
and/or access permissions.`` Where AWS's wording could not be found the message is marked
*assumed* and says what went wrong in plain words. Why a parameter was rejected is logged
(``fourbeat.textract``), since the message cannot say.
https://docs.aws.amazon.com/textract/latest/dg/API_DetectDocumentText.html#API_DetectDocumentText_Errors

This module imports only ``fourbeat.errors``.
"""

from __future__ import annotations

import logging

from fourbeat.errors import AwsError

_log = logging.getLogger("fourbeat.textract")

UNSUPPORTED = "Request has unsupported document format"
S3_METADATA = (
    "Unable to get object metadata from S3. Check object key, region and/or access permissions."
)


def invalid_parameter(why: str) -> AwsError:
    """``InvalidParameterException`` with Textract's one message; ``why`` goes to the log."""
    _log.info("Textract rejects the request's parameters: %s", why)
    return AwsError("InvalidParameterException", "Request has invalid parameters")


def unsupported_document(why: str) -> AwsError:
    _log.info("Textract cannot open the document: %s", why)
    return AwsError("UnsupportedDocumentException", UNSUPPORTED)


def bad_document(why: str) -> AwsError:
    # Assumed wording: the API reference describes the error ("Amazon Textract isn't able to
    # read the document") but no response text was found; the engine's reason follows.
    return AwsError("BadDocumentException", f"Unable to read the document: {why}")


def too_large(limit: str) -> AwsError:
    # Assumed wording; the limits are AWS's.
    # https://docs.aws.amazon.com/textract/latest/dg/limits-document.html
    return AwsError("DocumentTooLargeException", f"The document exceeds the limit of {limit}.")


def invalid_s3_object(why: str) -> AwsError:
    _log.info("Textract cannot read the S3 object: %s", why)
    return AwsError("InvalidS3ObjectException", S3_METADATA)


def invalid_job_id() -> AwsError:
    return AwsError("InvalidJobIdException", "Request has invalid Job Id")


def idempotent_mismatch() -> AwsError:
    # Assumed wording: a ClientRequestToken reused with other parameters.
    return AwsError(
        "IdempotentParameterMismatchException",
        "The ClientRequestToken was used before with different parameters.",
    )


def internal_error() -> AwsError:
    return AwsError(
        "InternalServerError", "Amazon Textract experienced a service issue. Try your call again."
    )
