"""OutputConfig: a job's results written to the caller's bucket, as Textract writes them.

Textract checks at Start that it may write there, leaving an empty ``.s3_access_check``
object, and writes the results as objects named ``{S3Prefix}/{JobId}/1``, ``/2``, ...: each
the JSON of one Get response, 1,000 blocks (or 20 expense documents) at most. Without an
``S3Prefix`` the prefix is ``textract_output``. The caller must be allowed ``s3:PutObject``
under the prefix, else ``AccessDeniedException``; the objects are then written with the
administrator's credentials. A trailing ``/`` on the prefix is dropped (assumed: the pages
seen name ``prefix/JobId/1`` with one slash).
https://docs.aws.amazon.com/textract/latest/dg/API_OutputConfig.html

This module imports only ``errors`` and ``services._base`` (and ``_core`` for its types).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from fourbeat.errors import AwsError
from fourbeat.services._base import Params, Request

if TYPE_CHECKING:
    from fourbeat.services.textract._core import TextractCore

ACCESS_CHECK = ".s3_access_check"
DEFAULT_PREFIX = "textract_output"


def prefix(output: Params) -> str:
    return str(output.get("S3Prefix", DEFAULT_PREFIX)).rstrip("/") or DEFAULT_PREFIX


def output_key(output: Params, job_id: str, name: str) -> str:
    return f"{prefix(output)}/{job_id}/{name}"


def check_output(service: TextractCore, request: Request, output: Params) -> None:
    """The caller may write under the prefix, and the bucket is there."""
    bucket = output["S3Bucket"]
    service.authorize(request, "s3:PutObject", f"arn:aws:s3:::{bucket}/{prefix(output)}/*")
    s3 = service.admin_s3()
    try:
        s3.head_bucket(Bucket=bucket)
    except s3.exceptions.ClientError:
        # Assumed wording: no response for a missing output bucket was found.
        raise AwsError(
            "InvalidS3ObjectException", f"The output bucket {bucket} does not exist."
        ) from None


def write_results(
    service: TextractCore, output: Params, job_id: str, pages: Sequence[dict[str, Any]]
) -> None:
    """Write each page of results as ``{prefix}/{JobId}/{n}``."""
    s3 = service.admin_s3()
    bucket = output["S3Bucket"]
    for number, page in enumerate(pages, start=1):
        key = output_key(output, job_id, str(number))
        try:
            s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(page).encode())
        except s3.exceptions.ClientError as error:
            # Assumed wording: the bucket went away (or refused) after Start checked it.
            raise AwsError(
                "InvalidS3ObjectException", f"Unable to write the results to {bucket}/{key}."
            ) from error
