"""Normalising Chinese address text and recognising its parts (community forms, roads, numbers).

Kept apart from the place data so that the parser's rules can be read (and tested) on their own.
"""

from __future__ import annotations

import re
import unicodedata

from opencc import OpenCC

# Variant characters seen in Shenzhen place names (李松蓢 / 李松蓈): mapped to one form on both
# sides, in the data and in the typed text.
VARIANTS = str.maketrans({"蓈": "蓢", "塱": "朗", "甽": "圳", "岺": "岭", "　": ""})
COMMUNITY_SUFFIXES = ("社区居民委员会", "社区居委会", "居民委员会", "村民委员会", "社区工作站", "村委会",
                      "居委会", "居委", "社区", "村")
# A road name: 2-9 Chinese characters (or digits, 坳环一巷) ending in a road word; "街道" and
# "大道" are told apart by the caller, which strips known area names first.
ROAD = re.compile(r"([\u4e00-\u9fa5][\u4e00-\u9fa5\d]{0,8}?(?:大道|公路|快速路|高速|大街|路|街|巷|道))"
                  r"(?:(\d+)(?:-\d+)?号)?")
AREA_WORDS = re.compile(r"广东省|深圳市|新区|区|街道办事处|街道办|街道|办事处|镇|社区|居委会|居委")
NOT_ROADS = ("街道", "办事处", "社区", "片区", "新区")
_T2S = OpenCC("t2s")


def normalize(text: str) -> str:
    """Simplified characters, one variant form, ASCII digits, no spaces.

    Not cached: the text may be an address typed by the public, which is never kept.
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = _T2S.convert(text).translate(VARIANTS)
    return re.sub(r"\s+", "", text)


def community_core(name: str) -> str:
    """大塘龙社区居民委员会 / 大塘龙社区 / 大塘龙居委 -> 大塘龙; 荷坳村 -> 荷坳."""
    name = normalize(name)
    for suffix in COMMUNITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def road_mentions(text: str) -> list[tuple[str, int | None]]:
    """(road name, house number) for each road named in an address (area names cut out first)."""
    out = []
    for part in AREA_WORDS.split(text):
        for match in ROAD.finditer(part):
            road = match.group(1)
            tail = re.sub(r"^.*(社区|村|片区|工业区|花园|小区)", "", road)  # 荷坳村坳环一巷 -> 坳环一巷
            road = tail if len(tail) >= 3 else road
            if len(road) < 2 or road.endswith(NOT_ROADS) or road in ("大道", "公路"):
                continue
            out.append((road, int(match.group(2)) if match.group(2) else None))
    return out
