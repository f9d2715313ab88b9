"""Templates: SAM and CloudFormation read, translated, checked and deployed into a Cloud.

``prepare`` checks a template without a cloud; ``Deployment`` creates its resources through
the cloud's service APIs. The CloudFormation service (``services/cloudformation``) is what
records stacks; this package records nothing and imports no service.
"""

from __future__ import annotations

from fourbeat.template._errors import TemplateError
from fourbeat.template._intrinsics import NO_VALUE, Resolver
from fourbeat.template._resources import Context
from fourbeat.template._stack import (
    Deployment,
    Outcome,
    Prepared,
    StackDeletion,
    StackEvent,
    StackResource,
    prepare,
)
from fourbeat.template._yaml import parse

__all__ = [
    "NO_VALUE",
    "Context",
    "Deployment",
    "Outcome",
    "Prepared",
    "Resolver",
    "StackDeletion",
    "StackEvent",
    "StackResource",
    "TemplateError",
    "parse",
    "prepare",
]
