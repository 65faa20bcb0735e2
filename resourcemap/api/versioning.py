"""Validators (ETag / Last-Modified) for the site list, cheap to compute.

Any edit, import or deletion of a site writes a history row (django-simple-history, also for
set-based imports), so the newest history date moves whenever the list could change. Each
feature also says whether the site is open now, which changes with the clock: the validators
therefore also move with the current minute, so a 304 is never more than a minute stale.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from resourcemap.directory.models import Category, ServicePoint
from resourcemap.needs.models import Need


def current_minute() -> datetime:
    return timezone.now().replace(second=0, microsecond=0)


def directory_last_modified(request: HttpRequest | None = None) -> datetime:
    sites = ServicePoint.objects.aggregate(updated=Max("updated_at"))["updated"]
    history = ServicePoint.history.aggregate(changed=Max("history_date"))["changed"]
    return max(stamp for stamp in (sites, history, current_minute()) if stamp is not None)


def site_list_etag(request: HttpRequest) -> str:
    sites = ServicePoint.objects.aggregate(n=Count("pk"), updated=Max("updated_at"), top=Max("pk"))
    changed = ServicePoint.history.aggregate(changed=Max("history_date"), n=Count("pk"))
    categories = Category.objects.aggregate(n=Count("pk"), top=Max("pk"))
    # ?need= and need words in ?q= read the needs vocabulary, which administrators edit.
    needs = Need.objects.aggregate(n=Count("pk"), updated=Max("updated_at"))
    key = "|".join(
        str(part)
        for part in (
            sites["n"], sites["updated"], sites["top"], changed["changed"], changed["n"],
            categories["n"], categories["top"], needs["n"], needs["updated"], get_language(),
            request.get_full_path(), current_minute(),
        )
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]
