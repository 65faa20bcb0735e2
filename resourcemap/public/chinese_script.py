"""Data text (site names, addresses, services, area names, law titles) in the page's script.

The directory stores simplified Chinese. Traditional-Chinese pages convert it with OpenCC,
to the Hong Kong or Taiwan standard chosen by OPENCC_TRADITIONAL; other pages show it as
stored. English pages show a Chinese name with its pinyin (sites have no English names).
Interface strings are not touched here: they come from the translation catalogues.
"""

from __future__ import annotations

from functools import lru_cache

import opencc
from django.conf import settings
from django.utils.translation import get_language
from pypinyin import Style, lazy_pinyin

TRADITIONAL_LANGUAGES = ("zh-hant", "zh-hk", "zh-tw")


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def in_page_script(text: str | None) -> str:
    """`text` converted for the active language (unchanged unless it is traditional Chinese)."""
    if not text:
        return text or ""
    if (get_language() or "").lower() not in TRADITIONAL_LANGUAGES:
        return text
    return _converter(settings.OPENCC_TRADITIONAL).convert(text)


def pinyin_for_english(text: str | None) -> str:
    """Tone-marked pinyin of a Chinese name on English pages ("dà péng xīn qū"), else ""."""
    if not text or not (get_language() or "").lower().startswith("en"):
        return ""
    syllables = [s for s in lazy_pinyin(text, style=Style.TONE, errors="ignore") if s.strip()]
    return " ".join(syllables)
