"""Template helpers for pages shared by every app (base.html)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from resourcemap.public.chinese_script import area_name_in_page_language, in_page_script, pinyin_for_english

register = template.Library()


@register.simple_tag
def lang_path(path: str) -> str:
    """A site path in the active language: /en/referral/ in English, /referral/ in the
    default language (which has no prefix)."""
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    if language == settings.LANGUAGE_CODE.lower():
        return path
    return f"/{language}{path}"


@register.simple_tag(takes_context=True)
def default_language_path(context: template.Context) -> str:
    """This page's path and query without its language prefix: the `next` for set_language.

    set_language resolves `next` in the default language (its own URL has no prefix), so a
    prefixed path (/en/...) would not resolve and the switch would go nowhere.
    """
    request = context["request"]
    full_path = request.get_full_path()
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and full_path.startswith(prefix):
            return full_path[len(prefix) - 1 :]
    return full_path


@register.filter
def script(text: str | None) -> str:
    """Data text in the page's script: OpenCC on traditional-Chinese pages (resourcemap.public.chinese_script)."""
    return in_page_script(text)


@register.simple_tag
def data_lang() -> str:
    """The lang attribute of data text after `script`: it is traditional on zh-hant pages."""
    return "zh-Hant" if in_page_script("汉") != "汉" else "zh-Hans"


@register.filter
def pinyin(text: str | None) -> str:
    """The pinyin shown under a Chinese name on English pages ("" on Chinese pages)."""
    return pinyin_for_english(text)


@register.simple_tag
def area_name(name: str | None) -> SafeString | str:
    """A district, street or community name for the page: on English pages its romanization
    with the Chinese name after it ("Yuanling Subdistrict (园岭街道)"), else in the page's script."""
    shown = area_name_in_page_language(name)
    if not name or shown == in_page_script(name):
        return shown
    return format_html('{} <span lang="zh-Hans">({})</span>', shown, name)
