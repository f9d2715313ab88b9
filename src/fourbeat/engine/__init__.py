"""The engine: runs the store's due work items, one handler per kind.

Services declare what a kind of work means (``Service.work_handlers``); the engine only claims
due rows under a lease and hands each to its handler, which finishes the claim in the same
transaction as the work's effects and its next rows. Tests step it on a virtual clock with
``run_due()`` and ``run_until_idle()``; with the system clock, ``start()`` runs the same loop on
a background thread. Imports only ``store`` and ``clock``.
"""

from fourbeat.engine._engine import Engine, Handler

__all__ = ["Engine", "Handler"]
