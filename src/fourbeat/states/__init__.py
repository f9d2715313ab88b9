"""fourbeat's Amazon States Language engine: parse, validate, compile and run definitions.

The pipeline is ``load(definition)`` (parse -> ``validate`` -> compile into a ``Machine``),
then ``Execution(machine, input, clock=..., invoke=...).run()``. Task states call the
injected ``invoke(resource, input) -> output``; this package never imports
``fourbeat.services`` or boto3 (the service layer injects integrations).
Both query languages run: JSONPath and JSONata (``_jsonata`` is the one module that touches
the JSONata library), with workflow variables (``Assign``) in either.
"""

from fourbeat.states._compile import load, parse
from fourbeat.states._errors import Diagnostic, InvalidDefinition, StatesError
from fourbeat.states._model import Machine
from fourbeat.states._runner import Execution, Identity
from fourbeat.states._validate import validate

__all__ = [
    "Diagnostic",
    "Execution",
    "Identity",
    "InvalidDefinition",
    "Machine",
    "StatesError",
    "load",
    "parse",
    "validate",
]
