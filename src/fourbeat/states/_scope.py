"""What an expression may read besides the state's data: ``$$``, variables and ``$states``.

``Scope`` is the ``ctx`` every ``evaluate(doc, ctx)`` receives while an execution runs.
Variables live in ``Variables`` chains: the top-level states share one scope, and every Map
iteration or Parallel branch gets a child scope that reads the outer ones but writes only its
own. New values take effect when the assigning state finishes, so every expression of a state
sees the values from when it was entered.
https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html
Imports nothing from fourbeat.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Variables:
    """One scope's variables and the scope around it (``None`` at the top level)."""

    own: dict[str, Any] = field(default_factory=dict)
    parent: Variables | None = None

    def lookup(self, name: str) -> Any:
        """The value of ``$name``; ``KeyError`` when no scope declares it."""
        scope: Variables | None = self
        while scope is not None:
            if name in scope.own:
                return scope.own[name]
            scope = scope.parent
        raise KeyError(name)

    def visible(self) -> dict[str, Any]:
        """Every variable this scope can read, inner names hiding outer ones."""
        outer = self.parent.visible() if self.parent else {}
        return {**outer, **self.own}

    def assign(self, values: dict[str, Any]) -> Variables:
        return self if not values else replace(self, own={**self.own, **values})

    def child(self) -> Variables:
        return Variables({}, self)


@dataclass(frozen=True)
class Scope:
    """The context object, the variables, and JSONata's ``$states`` members for one step."""

    context: dict[str, Any]
    variables: Variables = field(default_factory=Variables)
    states: dict[str, Any] = field(default_factory=dict)  # input, result, errorOutput

    def with_states(self, **members: Any) -> Scope:
        return replace(self, states={**self.states, **members})

    def with_context(self, **members: Any) -> Scope:
        return replace(self, context={**self.context, **members})

    def bindings(self) -> dict[str, Any]:
        """JSONata bindings: the variables plus the reserved ``$states``."""
        return {**self.variables.visible(), "states": {**self.states, "context": self.context}}


def context_of(ctx: Any) -> Any:
    """``$$``: the context object, whether ``ctx`` is a ``Scope`` or the bare object."""
    return ctx.context if isinstance(ctx, Scope) else ctx


def variable_of(ctx: Any, name: str) -> Any:
    """``$name``; ``KeyError`` when undeclared or when ``ctx`` carries no variables."""
    if not isinstance(ctx, Scope):
        raise KeyError(name)
    return ctx.variables.lookup(name)
