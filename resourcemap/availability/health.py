"""/healthz: each part reported separately, for load balancers and people on call.

200 while the public read path can answer (the primary, or the replica when the primary is
down: "degraded"); 503 when neither can. Exempt from the HTTPS redirect (SECURE_REDIRECT_EXEMPT)
so a plain-HTTP probe sees the real state, not a 301.
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from loaders import jobs
from resourcemap.availability import replica


def primary_status() -> dict[str, Any]:
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT PostGIS_Lib_Version()")
            postgis = cursor.fetchone()[0]
    except DatabaseError as exc:
        connection.close()
        return {"status": "error", "error": type(exc).__name__}
    return {"status": "ok", "postgis": postgis}


def replica_status() -> dict[str, Any]:
    state = replica.measure()
    if not state.configured:
        return {"status": "not configured"}
    if not state.reachable:
        return {"status": "error", "error": state.error}
    return {
        "status": "ok" if state.usable else "behind",
        "lag_seconds": round(state.lag_seconds or 0.0, 3),
    }


def queue_status() -> dict[str, Any]:
    """The background-import queue (procrastinate's tables): jobs waiting and running, the age
    of the oldest waiting one."""
    try:
        answer = jobs.queue_status()
    except DatabaseError as exc:
        return {"status": "error", "error": type(exc).__name__}
    return {"status": "ok", **answer}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    database = primary_status()
    read_replica = replica_status()
    parts = {"database": database, "replica": read_replica, "queue": queue_status()}
    if database["status"] == "ok":
        overall, code = "ok", 200
    elif read_replica["status"] == "ok":
        overall, code = "degraded", 200  # reads answer from the replica; editing is paused
    else:
        overall, code = "error", 503
    return JsonResponse({"status": overall, **parts}, status=code)
