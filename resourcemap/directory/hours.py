"""Weekly opening hours: a small text syntax for imports, a structured form for storage.

Text:        "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"  or  "24/7"
Structured:  [{"day": 0, "opens": "09:00", "closes": "12:00"}, ...]  (day 0 = Monday,
             as HSDS schedules and Python's weekday() count; "24:00" closes at midnight)
"""

from __future__ import annotations

import re
from datetime import datetime

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d|24:00"
_RANGE_RE = re.compile(rf"^({_TIME})-({_TIME})$")


class HoursError(ValueError):
    """Opening hours text that cannot be read; the message says which part and why."""


def _days(spec: str) -> list[int]:
    days: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        if "-" in part:
            first, _, last = part.partition("-")
            if first not in DAYS or last not in DAYS:
                raise HoursError(f"unknown day range {part!r} (use Mo Tu We Th Fr Sa Su)")
            start, end = DAYS.index(first), DAYS.index(last)
            if end < start:
                raise HoursError(f"day range {part!r} runs backwards")
            days.extend(range(start, end + 1))
        elif part in DAYS:
            days.append(DAYS.index(part))
        else:
            raise HoursError(f"unknown day {part!r} (use Mo Tu We Th Fr Sa Su)")
    return days


def parse_hours(text: str) -> list[dict[str, object]]:
    text = (text or "").strip()
    if not text:
        return []
    if text == "24/7":
        return [{"day": d, "opens": "00:00", "closes": "24:00"} for d in range(7)]
    entries: list[dict[str, object]] = []
    for rule in text.split(";"):
        rule = rule.strip()
        if not rule:
            continue
        day_spec, _, times = rule.partition(" ")
        if not times.strip():
            raise HoursError(f"rule {rule!r} needs days and times, e.g. 'Mo-Fr 09:00-18:00'")
        for day in _days(day_spec):
            for span in times.split(","):
                match = _RANGE_RE.match(span.strip())
                if not match:
                    raise HoursError(f"time range {span.strip()!r} is not HH:MM-HH:MM")
                opens, closes = match.groups()
                if closes <= opens:
                    raise HoursError(f"time range {span.strip()!r} closes before it opens")
                entries.append({"day": day, "opens": opens, "closes": closes})
    return sorted(entries, key=lambda e: (e["day"], e["opens"]))


def format_hours(entries: list[dict[str, object]]) -> str:
    """The inverse of parse_hours, grouping consecutive days that share the same times."""
    if not entries:
        return ""
    by_day: dict[int, str] = {}
    for entry in sorted(entries, key=lambda e: (e["day"], e["opens"])):
        span = f"{entry['opens']}-{entry['closes']}"
        day = int(entry["day"])  # type: ignore[call-overload]
        by_day[day] = f"{by_day[day]},{span}" if day in by_day else span
    if len(by_day) == 7 and set(by_day.values()) == {"00:00-24:00"}:
        return "24/7"
    rules: list[str] = []
    day = 0
    while day < 7:
        if day not in by_day:
            day += 1
            continue
        end = day
        while end + 1 < 7 and by_day.get(end + 1) == by_day[day]:
            end += 1
        days = DAYS[day] if end == day else f"{DAYS[day]}-{DAYS[end]}"
        rules.append(f"{days} {by_day[day]}")
        day = end + 1
    return "; ".join(rules)


def is_open_at(entries: list[dict[str, object]], moment: datetime) -> bool | None:
    """True/False when hours are known, None when they are not (unknown is not 'closed')."""
    if not entries:
        return None
    day, hhmm = moment.weekday(), moment.strftime("%H:%M")
    return any(e["day"] == day and e["opens"] <= hhmm < e["closes"] for e in entries)  # type: ignore[operator]
