from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from resourcemap.directory.models import ServicePoint
from resourcemap.staff.roles import scope_to_user_organizations

register = template.Library()


@register.simple_tag(takes_context=True)
def stale_site_count(context: dict[str, Any]) -> int | None:
    """Stale sites the current user can see (None if they may not view sites at all)."""
    user = context["request"].user
    if not user.has_perm("directory.view_servicepoint"):
        return None
    sites = scope_to_user_organizations(ServicePoint.objects.exclude(status="closed"), user)
    return sites.stale().count()


@register.simple_tag
def stale_after_days() -> int:
    return settings.STALE_AFTER_DAYS
