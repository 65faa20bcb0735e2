"""Text normalisation shared by indexing and querying.

Chinese is searched in simplified form (OpenCC t2s), so 兒童醫院 and 儿童医院 are the same
text; Latin letters are lower-cased and full-width forms folded to ASCII (NFKC).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc
from pypinyin import lazy_pinyin
from pypinyin.core import Pinyin

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def normalize(text: str) -> str:
    """NFKC, simplified Chinese, lower case; only letters and digits kept (no spaces,
    punctuation or symbols, in any script: 「」, ·, %, _ and the like all go)."""
    text = to_simplified(unicodedata.normalize("NFKC", text or "")).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def grams_of_normalized(chars: str) -> set[str]:
    """Every 1- and 2-character substring of already normalised text."""
    result = set(chars)
    result.update(chars[i : i + 2] for i in range(len(chars) - 1))
    return result


def grams(text: str) -> set[str]:
    """Every 1- and 2-character substring: a 1- or 2-character query is an exact gram match."""
    return grams_of_normalized(normalize(text))


@lru_cache(maxsize=20_000)  # alternate names and short names recur across an import's rows
def pinyin_of_normalized(chars: str) -> tuple[str, str]:
    """Full pinyin without spaces and the initials of text that normalize() has already made
    simplified and lower-case: 儿童医院 -> ('ertongyiyuan', 'etyy').

    One lazy_pinyin call gives both forms: the initials are each syllable's first letter,
    which is what pypinyin's FIRST_LETTER style returns (er -> e, zhong -> z).
    """
    han = "".join(_HAN.findall(chars))
    if not han:
        return "", ""
    syllables = [syllable for word in _SEGMENTER.seg(han) for syllable in _syllables_of_word(word)]
    return "".join(syllables), "".join(syllable[:1] for syllable in syllables)


# lazy_pinyin(text) segments the text into dictionary words, then converts word by word; the
# conversion was 80 % of an import's search-column time (28 s of 100,000 names) and the same
# few thousand words (社区, 服务, 中心 ...) recur on every row, so each word is converted once.
# pypinyin's own segmenter decides the words, so the result is lazy_pinyin's (tested on the
# shipped names).
_SEGMENTER = Pinyin()


@lru_cache(maxsize=50_000)
def _syllables_of_word(word: str) -> tuple[str, ...]:
    return tuple(syllable.lower() for syllable in lazy_pinyin(word))

