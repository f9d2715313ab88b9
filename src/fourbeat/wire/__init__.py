"""botocore glue: serve boto3 clients in process, map AwsError to what botocore raises.

Imports ``services`` (for the request type) and ``errors``; nothing imports wire but ``cloud``.
"""

from fourbeat.wire._activation import ACTIVE
from fourbeat.wire._hooks import ClientHooks, serve

__all__ = ["ACTIVE", "ClientHooks", "serve"]
