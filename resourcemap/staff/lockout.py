"""Progressive login delay on top of django-axes, instead of an hour's lock.

axes counts failures per (username, client address) — settings.AXES_LOCKOUT_PARAMETERS — and
asks AXES_FAILURE_LIMIT whether that count is a lock-out. This answers "yes" only while the
delay earned so far is running: after LOGIN_FAILURES_BEFORE_DELAY failures the pair waits
LOGIN_FIRST_DELAY_SECONDS, and each further failure doubles the wait (up to
LOGIN_MAX_DELAY_SECONDS). A failure while locked counts too and restarts the wait
(axes' AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT). Failures are forgotten
AXES_COOLOFF_TIME after the last one, and a successful login resets them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def delay_after(failures: int) -> timedelta:
    """How long the pair waits after this many failures (none before the limit)."""
    over = failures - settings.LOGIN_FAILURES_BEFORE_DELAY
    if over < 0:
        return timedelta(0)
    seconds = settings.LOGIN_FIRST_DELAY_SECONDS * 2 ** min(over, 30)
    return timedelta(seconds=min(seconds, settings.LOGIN_MAX_DELAY_SECONDS))


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """axes' AXES_FAILURE_LIMIT: the count at which the pair is locked out right now."""
    limit = settings.LOGIN_FAILURES_BEFORE_DELAY
    address = getattr(request, "axes_ip_address", None)
    username = get_client_username(request, credentials)
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=address).order_by("-attempt_time").first()
    )
    if attempt is None or attempt.failures_since_start < limit:
        return limit
    if timezone.now() < attempt.attempt_time + delay_after(attempt.failures_since_start):
        return limit  # still waiting: locked
    return attempt.failures_since_start + 1  # the wait is over: one more try
