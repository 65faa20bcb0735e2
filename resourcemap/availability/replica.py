"""Is the read replica fit to answer? Reachable, and no further behind than REPLICA_MAX_LAG_SECONDS.

The answer is kept for REPLICA_CHECK_SECONDS per process, so the check costs one small query
a second per worker, not one per request; an unreachable replica is asked again every 10 s.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
logger = logging.getLogger(__name__)

# Lag in seconds: 0 when everything received is replayed (an idle primary is not "behind"),
# else the age of the last replayed transaction. NULL on a server that is not a standby.
LAG_SQL = """
SELECT pg_is_in_recovery(),
       CASE WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
"""


@dataclass(frozen=True)
class ReplicaState:
    configured: bool
    reachable: bool = False
    lag_seconds: float | None = None
    error: str = ""

    @property
    def usable(self) -> bool:
        return (
            self.reachable
            and self.lag_seconds is not None
            and self.lag_seconds <= settings.REPLICA_MAX_LAG_SECONDS
        )


_cached: tuple[float, ReplicaState] | None = None


def measure() -> ReplicaState:
    """Asks the replica now (used by /healthz, and by current_state() when its answer is old)."""
    if REPLICA not in connections.databases:
        return ReplicaState(configured=False)
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError as exc:
        # A broken connection must not be reused by the next check.
        connection.close()
        return ReplicaState(configured=True, error=type(exc).__name__)
    if not in_recovery:
        # Promoted, or pointed at a primary by mistake: it answers, and it is not behind.
        return ReplicaState(configured=True, reachable=True, lag_seconds=0.0)
    return ReplicaState(configured=True, reachable=True, lag_seconds=float(lag))


# An unreachable replica may cost a whole connect timeout per check: ask it again only this
# often, so a dead replica host does not slow every request down.
UNREACHABLE_RETRY_SECONDS = 10


def current_state() -> ReplicaState:
    global _cached
    now = time.monotonic()
    keep = settings.REPLICA_CHECK_SECONDS
    if _cached is not None and not _cached[1].reachable:
        keep = max(keep, UNREACHABLE_RETRY_SECONDS)
    if _cached is None or now - _cached[0] >= keep:
        state = measure()
        if _cached is not None and state.usable != _cached[1].usable:
            logger.warning("read replica %s (lag %s s, %s)", "usable" if state.usable else "NOT usable",
                           state.lag_seconds, state.error or "reachable")
        _cached = (now, state)
    return _cached[1]


def forget() -> None:
    """Drops the kept answer (tests that change the replica's state between requests)."""
    global _cached
    _cached = None
