"""Template helpers for pages shared by every app (base.html)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag
def lang_path(path: str) -> str:
    """A site path in the active language: /en/referral/ in English, /referral/ in the
    default language (which has no prefix)."""
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    if language == settings.LANGUAGE_CODE.lower():
        return path
    return f"/{language}{path}"
