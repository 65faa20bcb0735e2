"""Which sites are stale: never verified, or verified more than STALE_AFTER_DAYS ago.

Matches ServicePoint.is_stale(); kept here as a Q object so the admin's filter, its flag
column and the index-page count agree.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone


def stale_cutoff(today: date | None = None) -> date:
    """Sites verified before this date are stale."""
    return (today or timezone.localdate()) - timedelta(days=settings.STALE_AFTER_DAYS)


def stale_q(today: date | None = None) -> Q:
    return Q(assured_date__isnull=True) | Q(assured_date__lt=stale_cutoff(today))
