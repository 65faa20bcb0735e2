"""Sends the public read path to the replica while it is usable; everything else to the primary.

Which requests are the public read path is decided per request by ReadPathMiddleware (a
context variable), so a management command, the admin or the report form never read from a
replica that could be behind what they have just written.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from resourcemap.availability import replica

reads_may_use_replica: ContextVar[bool] = ContextVar("reads_may_use_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        if reads_may_use_replica.get() and replica.current_state().usable:
            return replica.REPLICA
        return "default"

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both aliases are the same database (one streams from the other).
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == "default"
