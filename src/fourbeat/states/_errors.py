"""The failures of the ASL engine: static diagnostics and runtime errors.

``Diagnostic`` is one problem found in a definition (a value, never raised alone);
``InvalidDefinition`` carries every diagnostic of one definition at once, worded as
Step Functions words its ``InvalidDefinition`` error. ``StatesError`` is a runtime error with
an ASL error name (``States.Runtime``, ``States.IntrinsicFailure``, a Task's own error) and a
cause; retriers and catchers match on its ``error``.

This module imports nothing from fourbeat but ``errors``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fourbeat.errors import FourbeatError


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a definition: AWS's code, its message and the JSON Pointer it is at."""

    code: str
    message: str
    pointer: str

    def __str__(self) -> str:
        # AWS: "MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next"
        if not self.pointer:
            return f"{self.code}: {self.message}"
        return f"{self.code}: {self.message} at {self.location}"

    @property
    def location(self) -> str:
        """The pointer as AWS prints it: list indexes in brackets (``/Choices[0]/Next``)."""
        return re.sub(r"/(Choices|Catch|Retry|Branches|And|Or)/(\d+)", r"/\1[\2]", self.pointer)


class InvalidDefinition(FourbeatError):
    """A definition Step Functions would refuse, with every diagnostic found in it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        joined = ", ".join(str(d) for d in diagnostics)
        super().__init__(
            f"Invalid State Machine Definition: '{joined}'",
            where=diagnostics[0].pointer if diagnostics else "",
            fix="Correct the fields named above; each is given as a JSON Pointer.",
        )

    @property
    def message(self) -> str:
        """The text of AWS's ``InvalidDefinition`` error."""
        return self.what


class StatesError(Exception):
    """A runtime error raised while a state runs: what a retrier or catcher sees."""

    def __init__(self, error: str, cause: str | None = None) -> None:
        super().__init__(f"{error}: {cause}" if cause is not None else error)
        self.error = error
        self.cause = cause


class PathNotFound(Exception):
    """A definite JSONPath selected nothing; the caller words the States.Runtime cause."""

    def __init__(self, path: str, normalized: str) -> None:
        super().__init__(path)
        self.path = path
        self.normalized = normalized


class TaskFailure(StatesError):
    """An error a Task's resource reported: passed on as it came, never reworded."""
