"""The two kinds of failure fourbeat raises.

``AwsError`` is what an AWS API answers: a service raises it with AWS's own code and message,
and ``wire`` turns it into the ``ClientError`` botocore raises for a real response. It is the
only exception that crosses a service boundary.

``FourbeatError`` is a problem with fourbeat itself or its input (a data directory written by a
newer version, a corrupted database, a malformed template): it says what, where and what to do,
and the command line prints it without a traceback.

This module imports nothing from fourbeat.
"""

from __future__ import annotations


class AwsError(Exception):
    """An error response of an AWS API operation.

    ``code`` is the error shape's name in the service model where one exists (its HTTP status
    and wire code then come from the model), or AWS's code for unmodeled errors, which must
    give ``status``.
    """

    def __init__(
        self,
        code: str,
        message: str,
        status: int | None = None,
        **fields: object,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields


class FourbeatError(Exception):
    """A user-facing problem: what was wrong, where, and what to do."""

    def __init__(self, what: str, *, where: str = "", fix: str = "") -> None:
        self.what = what
        self.where = where
        self.fix = fix
        super().__init__(self.describe())

    def describe(self) -> str:
        parts = [f"{self.where}: {self.what}" if self.where else self.what]
        if self.fix:
            parts.append(self.fix)
        return "\n".join(parts)
