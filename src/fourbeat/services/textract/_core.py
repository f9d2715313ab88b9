"""What the Textract operation groups share: the document reader, input checks, and reading
a document from S3 with the caller's rights.

One ``DocumentReader`` serves the service for its whole life (its worker processes and their
OCR models are kept warm between documents) and is closed with the service. A document of up
to ``IN_PROCESS_PAGES`` pages is read in the calling thread; a longer one is spread over the
reader's worker pool.

Textract reads an S3 object as the caller: the caller must be allowed ``s3:GetObject`` on it
(``s3:GetObjectVersion`` for a given version). A caller who is not, an object that is not
there and a bucket that is not there all answer ``InvalidS3ObjectException``, as Textract does;
the bytes are then read with the administrator's credentials.
https://docs.aws.amazon.com/textract/latest/dg/API_Document.html
"""

from __future__ import annotations

from typing import Any

from fourbeat.ai import DocumentReader
from fourbeat.errors import AwsError
from fourbeat.iam import ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY, AccessDeniedError, Credentials
from fourbeat.services._base import Environment, Params, Request, Response, Service
from fourbeat.services._validation import check_constraints
from fourbeat.services.textract._errors import invalid_parameter, invalid_s3_object
from fourbeat.services.textract._schema import SCHEMA

IN_PROCESS_PAGES = 2
"""A page with a text layer reads in milliseconds and one needing OCR in about a second:
starting the pool's processes costs more than that for one or two pages."""
MODEL_VERSION = "1.0"


class TextractCore(Service):
    name = "textract"

    def __init__(self, env: Environment) -> None:
        super().__init__(env)
        env.store.migrate(SCHEMA)
        self.reader = DocumentReader(in_process_pages=IN_PROCESS_PAGES)
        self._s3: Any = None

    def close(self) -> None:
        self.reader.close()

    def dispatch(self, request: Request, params: Params) -> Response:
        try:
            check_constraints(self.name, request.operation, params, "InvalidParameterException")
        except AwsError as error:
            raise invalid_parameter(error.message) from None
        return super().dispatch(request, params)

    def admin_s3(self) -> Any:
        """An S3 client with the administrator's credentials (made once)."""
        if self._s3 is None:
            self._s3 = self.env.client("s3", Credentials(ADMIN_ACCESS_KEY, ADMIN_SECRET_KEY))
        return self._s3

    def allow_s3(self, request: Request, action: str, arn: str, error: AwsError) -> None:
        """Check the caller may do ``action`` on ``arn``; ``error`` if not."""
        try:
            self.env.authorizer.authorize(request.principal, [action], [arn])
        except AccessDeniedError as denied:
            raise error from denied

    def s3_size(self, request: Request, location: Params) -> int:
        """The size of the S3 object at ``location`` (``Bucket``, ``Name``, ``Version``), once
        the caller is allowed to read it."""
        bucket, key = location["Bucket"], location["Name"]
        version = location.get("Version")
        action = "s3:GetObjectVersion" if version else "s3:GetObject"
        why = invalid_s3_object(f"{request.principal.arn} may not {action} {bucket}/{key}")
        self.allow_s3(request, action, f"arn:aws:s3:::{bucket}/{key}", why)
        s3 = self.admin_s3()
        try:
            head = s3.head_object(Bucket=bucket, Key=key, **_version(version))
        except s3.exceptions.ClientError as error:
            raise invalid_s3_object(f"{bucket}/{key}: {error}") from None
        return int(head["ContentLength"])

    def s3_bytes(self, location: Params, length: int | None = None) -> bytes:
        """The object's bytes (its first ``length`` bytes if given), read as the
        administrator: call ``s3_size`` first, which checks the caller."""
        s3 = self.admin_s3()
        extra = _version(location.get("Version"))
        if length is not None:
            extra["Range"] = f"bytes=0-{length - 1}"
        try:
            body = s3.get_object(Bucket=location["Bucket"], Key=location["Name"], **extra)["Body"]
        except s3.exceptions.ClientError as error:
            raise invalid_s3_object(f"{location['Bucket']}/{location['Name']}: {error}") from None
        data: bytes = body.read()
        return data


def _version(version: str | None) -> dict[str, str]:
    return {"VersionId": version} if version else {}
