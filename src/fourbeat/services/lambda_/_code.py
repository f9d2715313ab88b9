"""Function code: a deployment package unpacked once into a directory named by its SHA-256.

Lambda's limits for a package uploaded directly (50 MB zipped, 250 MB unzipped) are checked
here with Lambda's own messages.
https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fourbeat.errors import AwsError
from fourbeat.services.lambda_._names import invalid_parameter

MAX_ZIP_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED_BYTES = 250 * 1024 * 1024
MAX_REQUEST_BYTES = 69_905_067
"""What 50 MB of zip becomes once base64-encoded in the request, the size Lambda checks."""


@dataclass(frozen=True)
class Code:
    sha256: str
    """Base64, as CodeSha256 shows it."""
    size: int


class CodeStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def directory(self, sha256: str) -> Path:
        return self.root / base64.b64decode(sha256).hex()

    def add_zip(self, data: bytes, operation: str) -> Code:
        """Unpack a zip (once per distinct content) and describe it."""
        if len(data) > MAX_ZIP_BYTES:
            raise AwsError(
                "RequestEntityTooLargeException",
                f"Request must be smaller than {MAX_REQUEST_BYTES} bytes for the {operation} "
                "operation",
                413,
                Type="User",
            )
        code = Code(base64.b64encode(hashlib.sha256(data).digest()).decode(), len(data))
        target = self.directory(code.sha256)
        if not target.is_dir():
            self._unpack(data, target)
        return code

    def _unpack(self, data: bytes, target: Path) -> None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            unzipped = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            raise invalid_parameter(
                "Could not unzip uploaded file. Please check your file, then try to upload again."
            ) from None
        if unzipped > MAX_UNZIPPED_BYTES:
            raise invalid_parameter(
                f"Unzipped size must be smaller than {MAX_UNZIPPED_BYTES} bytes"
            )
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=self.root, prefix=".unpacking-"))
        try:
            with archive:
                archive.extractall(staging)  # extractall drops absolute and ".." parts
            os.replace(staging, target)
        except OSError:
            if not target.is_dir():  # a concurrent unpack of the same bytes won the rename
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
