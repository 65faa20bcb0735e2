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


# English names of Shenzhen's areas are their pinyin and a word for the level ("Futian District",
# "Bao'an District", "Yuanling Subdistrict"): the shipped districts' English names follow it.
AREA_SUFFIXES = (("新区", "New District"), ("街道", "Subdistrict"), ("社区", "Community"), ("区", "District"))
# Place names read 涌 as chōng (葵涌 Kuichong) and 长 as cháng (长岭 Changling), where pypinyin
# may say yǒng and zhǎng.
PLACE_READINGS = {"涌": "chong", "长": "chang"}


def romanized_area_name(name: str) -> str:
    """园岭街道 -> "Yuanling Subdistrict", 宝安区 -> "Bao'an District" (pinyin, no tones)."""
    suffix = next(((zh, en) for zh, en in AREA_SUFFIXES if name.endswith(zh) and len(name) > len(zh)), ("", ""))
    core = name[: len(name) - len(suffix[0])]
    syllables = lazy_pinyin(core)  # by phrase: polyphonic characters read in context
    if len(syllables) == len(core):  # one syllable per character (all Chinese)
        syllables = [PLACE_READINGS.get(char, s) for char, s in zip(core, syllables, strict=True)]
    # Pinyin's apostrophe marks a syllable starting with a, o or e after another (Xi'an, Nan'ao).
    word = "".join(("'" if i and s[:1] in "aoe" else "") + s for i, s in enumerate(syllables) if s.strip())
    return " ".join(part for part in (word[:1].upper() + word[1:], suffix[1]) if part)


def area_name_in_page_language(name: str | None) -> str:
    """An area's name for the page: romanized on English pages, converted on traditional ones."""
    if not name:
        return ""
    if (get_language() or "").lower().startswith("en"):
        return romanized_area_name(name)
    return in_page_script(name)
