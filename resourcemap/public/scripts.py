"""Data text (site names, addresses, services, area names, law titles) in the page's script.

The directory stores simplified Chinese. Traditional-Chinese pages convert it with OpenCC,
to the Hong Kong or Taiwan standard chosen by OPENCC_TRADITIONAL; other pages show it as
stored. Interface strings are not touched here: they come from the translation catalogues.
"""

from __future__ import annotations

from functools import lru_cache

import opencc
from django.conf import settings
from django.utils.translation import get_language

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
