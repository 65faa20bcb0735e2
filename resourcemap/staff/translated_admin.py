"""django-otp's device admins in the page's language: their fieldset titles and search help
are plain English strings (no gettext), so these subclasses name them through our catalogue."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin

FIELDSET_TITLES = {
    "Identity": _("Identity"),
    "Timestamps": _("Timestamps"),
    "Configuration": _("Configuration"),
    "State": _("State"),
    "Throttling": _("Throttling"),
}
SEARCH_HELP = _("Search by the user's username or email address")


class TranslatedFieldsetsMixin:
    search_help_text = SEARCH_HELP

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[tuple[Any, dict[str, Any]]]:
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        return [(FIELDSET_TITLES.get(title, title) if isinstance(title, str) else title, options)
                for title, options in fieldsets]


class TranslatedStaticDeviceAdmin(TranslatedFieldsetsMixin, StaticDeviceAdmin):
    pass
