"""The module botocore imports for its client plugin hook (``BOTOCORE_EXPERIMENTAL__PLUGINS``)."""

from fourbeat.wire._activation import initialize_client_plugin

__all__ = ["initialize_client_plugin"]
