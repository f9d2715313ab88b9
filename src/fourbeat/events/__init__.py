"""Triggers: events that services raise, delivered to their targets (queues, functions).

A service queues a delivery as a work item (``DELIVERY_KIND``) in the same transaction as the
change that caused it; ``Deliveries`` runs those items on the engine. Imports ``services._base``
(the environment), ``iam`` and ``store``; services import only the kind's name from here.
"""

from fourbeat.events._delivery import DELIVERY_KIND, Deliveries

__all__ = ["DELIVERY_KIND", "Deliveries"]
