"""Splitting a Shenzhen address into the places it names: district, street (current or
pre-2017), community or village, road and house number, and known sites (landmarks).

A dictionary scan, longest name first at each position, over the names the gazetteer knows:
a name that is not in the data could not be placed anyway. Measured against cpca and jionlp
on our addresses before writing it (see data/README.md, "Gazetteer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from resourcemap.geo.gazetteer_data import AREA_NAMES, STREET_ALIASES, GazetteerData
from resourcemap.geo.gazetteer_text import COMMUNITY_SUFFIXES, normalize

STREET_SUFFIXES = ("街道办事处", "街道办", "街道", "办事处", "镇", "片区")
DISTRICT_SUFFIXES = ("区",)
NUMBER = re.compile(r"(\d+)(?:[-—之]\d+)?号")
OTHER_PLACE = re.compile(r"([\u4e00-\u9fa5]{2,3}?)(省|市)")
HOME = {"广东", "深圳"}


@dataclass
class AddressParts:
    districts: list[str] = field(default_factory=list)  # codes
    streets: list[str] = field(default_factory=list)  # current street codes
    old_streets: list[str] = field(default_factory=list)  # pre-2017 names that split
    communities: list[str] = field(default_factory=list)  # core names
    roads: list[tuple[str, int | None]] = field(default_factory=list)
    landmarks: list[str] = field(default_factory=list)
    elsewhere: str = ""  # another province or city named (北京市)

    @property
    def empty(self) -> bool:
        return not (self.districts or self.streets or self.old_streets or self.communities or self.roads
                    or self.landmarks)


class AddressParser:
    def __init__(self, data: GazetteerData) -> None:
        self.names: dict[str, list[tuple[str, str]]] = {}
        district_shorts = set()
        for code, area in data.districts.items():
            self._add(area.name, "district", code)
            short = area.name.removesuffix("区")
            district_shorts.add(short)
            self._add(short, "district", code)
        for name, code in AREA_NAMES.items():
            self._add(name, "district", code)
        for code, area in data.streets.items():
            short = area.name.removesuffix("街道")
            kind, key = ("old_street", short) if short in data.old_streets else ("street", code)
            for suffix in STREET_SUFFIXES:
                self._add(short + suffix, kind, key)
            if short not in district_shorts:
                self._add(short, kind, key)
        for alias, code in STREET_ALIASES.items():
            self._add(alias, "street", code)
        for core in data.communities:
            for suffix in COMMUNITY_SUFFIXES:
                self._add(core + suffix, "community", core)
        for road in data.roads:
            self._add(road, "road", road)
        for name in data.landmarks:
            self._add(name, "landmark", name)
        self.lengths = sorted({len(name) for name in self.names}, reverse=True)

    def _add(self, name: str, kind: str, key: str) -> None:
        entries = self.names.setdefault(name, [])
        if (kind, key) not in entries:
            entries.append((kind, key))

    def parse(self, text: str) -> AddressParts:
        text = normalize(text)
        parts = AddressParts()
        for match in OTHER_PLACE.finditer(text):
            if match.group(1) not in HOME and not parts.elsewhere:
                parts.elsewhere = match.group(0)
        i = 0
        while i < len(text):
            found = None
            for length in self.lengths:
                if i + length <= len(text) and text[i:i + length] in self.names:
                    found = text[i:i + length]
                    break
            if found is None:
                i += 1
                continue
            end = i + len(found)
            for kind, key in self.names[found]:
                if kind == "road":
                    number = NUMBER.match(text, end)
                    parts.roads.append((key, int(number.group(1)) if number else None))
                else:
                    bucket = getattr(parts, {"district": "districts", "street": "streets",
                                             "old_street": "old_streets", "community": "communities",
                                             "landmark": "landmarks"}[kind])
                    if key not in bucket:
                        bucket.append(key)
            i = end
        return parts
