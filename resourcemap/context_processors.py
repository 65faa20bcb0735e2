from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from resourcemap.public.chinese_script import in_page_script


def city(request: HttpRequest) -> dict[str, object]:
    """The city's name and hotline, shown on every page."""
    return {
        "CITY_NAME": settings.CITY_NAME_EN if (get_language() or "").startswith("en")
        else in_page_script(settings.CITY_NAME),
        "HOTLINE_NUMBER": settings.HOTLINE_NUMBER,
        "HOTLINE_EXTENSION": settings.HOTLINE_EXTENSION,
        "HOTLINE_TEL": f"{settings.HOTLINE_NUMBER},{settings.HOTLINE_EXTENSION}"
        if settings.HOTLINE_EXTENSION
        else settings.HOTLINE_NUMBER,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
    }
