"""The error a template problem raises: what, and where (resource and property path)."""

from __future__ import annotations

from fourbeat.errors import FourbeatError


class TemplateError(FourbeatError):
    """A template that cannot be deployed as written; ``where`` is its property path
    (``Resources.Uploads.Properties.NotificationConfiguration``)."""
