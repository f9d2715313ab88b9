"""fourbeat: AWS AI pipelines on one machine, faithfully."""

from fourbeat.clock import SystemClock, VirtualClock
from fourbeat.cloud import Cloud
from fourbeat.errors import AwsError, FourbeatError

__all__ = ["AwsError", "Cloud", "FourbeatError", "SystemClock", "VirtualClock"]
__version__ = "0.1.0"
