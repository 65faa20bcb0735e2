"""Cell readers: each turns one cell's text into the stored value or raises CellError saying why."""

from __future__ import annotations

import re
import sys
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from resourcemap.directory.hours import HoursError, parse_hours


class CellError(ValueError):
    """A cell that cannot be stored; the message says what is wrong and how to write it."""


PRECISIONS = ("surveyed", "address", "road", "community", "street", "old_street_area", "district")
PRECISION_SYNONYMS = {"实测": "surveyed", "精确": "surveyed", "地址": "address", "社区": "community",
                      "街道": "street", "区": "district", "道路": "road", "旧街道": "old_street_area"}
STATUSES = ("active", "temporarily_closed", "closed")
STATUS_SYNONYMS = {
    "": "active", "正常": "active", "开放": "active", "运营": "active", "运营中": "active", "在用": "active",
    "open": "active", "暂停": "temporarily_closed", "暂停开放": "temporarily_closed", "临时关闭": "temporarily_closed",
    "关闭": "closed", "停用": "closed", "撤销": "closed", "已关闭": "closed",
}
_TRUE = {"true", "t", "yes", "y", "1", "是", "免费", "free"}
_FALSE = {"false", "f", "no", "n", "0", "否", "收费", "不免费"}
_PHONE_SPLIT = re.compile(r"[;；,，/、\n]+")
# Digits with the usual separators, an optional +86 / (0755) prefix and an extension (转 / ext).
_PHONE = re.compile(r"^(\+?\d{1,3}[\s-]?)?(\(?\d{2,4}\)?[\s-]?)?\d{3,4}[\s-]?\d{3,5}((转|ext\.?|x|-)\d{1,6})?$")
_SHORT_NUMBER = re.compile(r"^\d{3,6}$")  # hotlines such as 12345 or 110
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


def text(value: str, max_length: int) -> str:
    if len(value) > max_length:
        raise CellError(_("too long: %(length)d characters, at most %(max)d") % {"length": len(value), "max": max_length})
    return value


MAX_PHONES_PER_CELL = 10  # a site lists a few numbers; 100,000 in one cell made a 4.8 MB page


def phones(value: str) -> list[str]:
    numbers = [p.strip() for p in _PHONE_SPLIT.split(value) if p.strip()]
    if len(numbers) > MAX_PHONES_PER_CELL:
        raise CellError(_("%(count)d phone numbers: at most %(max)d per site")
                        % {"count": len(numbers), "max": MAX_PHONES_PER_CELL})
    for number in numbers:
        compact = number.replace(" ", "")
        if len(compact) > 40 or not (_PHONE.match(compact) or _SHORT_NUMBER.match(compact)):
            raise CellError(
                _("“%(number)s” is not a phone number (e.g. 0755-12345678; separate several with ;)")
                % {"number": number[:80]}
            )
    return numbers


def url(value: str) -> str:
    if not value:
        return ""
    try:
        _url(value)
    except ValidationError as exc:
        raise CellError(_("not a web address: write it in full, starting with http:// or https://")) from exc
    return text(value, 200)


def email(value: str) -> str:
    if not value:
        return ""
    try:
        _email(value)
    except ValidationError as exc:
        raise CellError(_("not an e-mail address")) from exc
    return value


@lru_cache(maxsize=4096)  # lists repeat the same few dates; parsing is a tenth of validation time
def iso_date(value: str) -> str | None:
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if parsed > date.today():
            raise CellError(_("the date is in the future"))
        if parsed.year < 1950:
            raise CellError(_("the date is before 1950"))
        return parsed.isoformat()
    raise CellError(_("not a date: write it as YYYY-MM-DD, e.g. 2024-03-01"))


def age(value: str) -> str | None:
    if not value:
        return None
    cleaned = value.removesuffix("岁").removesuffix("周岁").strip()
    try:
        years = Decimal(cleaned)
    except InvalidOperation as exc:
        raise CellError(_("not an age in years (a number such as 3 or 0.5)")) from exc
    if not years.is_finite() or years < 0 or years > 99:
        raise CellError(_("an age must be between 0 and 99 years"))
    if years != years.quantize(Decimal("0.1")):
        raise CellError(_("ages are kept to one decimal place (0.5 = six months)"))
    return str(years.quantize(Decimal("0.1")))


def boolean(value: str) -> bool | None:
    lowered = value.lower()
    if not lowered:
        return None
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise CellError(_("write true or false (是/否)"))


def status(value: str) -> str:
    lowered = value.lower()
    if lowered in STATUSES:
        return lowered
    if lowered in STATUS_SYNONYMS:
        return STATUS_SYNONYMS[lowered]
    raise CellError(_("unknown status: use one of %(choices)s") % {"choices": ", ".join(STATUSES)})


def precision(value: str) -> str:
    lowered = value.lower()
    if lowered in PRECISIONS:
        return lowered
    if lowered in PRECISION_SYNONYMS:
        return PRECISION_SYNONYMS[lowered]
    raise CellError(_("unknown location precision: use one of %(choices)s") % {"choices": ", ".join(PRECISIONS)})


def languages(value: str) -> list[str]:
    codes = [c.strip() for c in _PHONE_SPLIT.split(value) if c.strip()]
    for code in codes:
        if len(code) > 16 or not _LANGUAGE.match(code):
            raise CellError(_("“%(code)s” is not a language code (e.g. zh; yue; en)") % {"code": code})
    return codes


def coordinate(value: str) -> float | None:
    if not value:
        return None
    try:
        number = float(value.replace("°", "").replace("，", "."))
    except ValueError as exc:
        raise CellError(_("not a number in decimal degrees (e.g. 114.0579)")) from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise CellError(_("not a number in decimal degrees (e.g. 114.0579)"))
    return number


_CHINESE_DAYS = {"一": "Mo", "二": "Tu", "三": "We", "四": "Th", "五": "Fr", "六": "Sa", "日": "Su", "天": "Su"}
_CHINESE_RULE = re.compile(r"(?:周|星期)([一二三四五六日天])(?:\s*[至到\-~－]\s*(?:周|星期)?([一二三四五六日天]))?")


def _from_chinese(value: str) -> str:
    """周一至周五 9:00-18:00；周六 9:00-12:00 -> Mo-Fr 09:00-18:00; Sa 09:00-12:00 (best effort)."""
    value = value.replace("：", ":").replace("—", "-").replace("－", "-").replace("～", "-").replace("~", "-")
    value = value.replace("，", ",").replace("；", ";").replace("、", ",")
    value = _CHINESE_RULE.sub(
        lambda m: _CHINESE_DAYS[m[1]] + (f"-{_CHINESE_DAYS[m[2]]}" if m[2] else ""), value
    )
    value = re.sub(r"(?<![\d:])(\d):(\d\d)", r"0\1:\2", value)
    value = re.sub(r"([A-Z][a-z](?:-[A-Z][a-z])?)\s*", r"\1 ", value)
    return re.sub(r"\s*-\s*(?=\d)", "-", value)


@lru_cache(maxsize=4096)  # ditto hours; callers never mutate the shared result
def hours(value: str) -> list[dict[str, object]]:
    if value in ("24小时", "全天", "全天24小时", "24h"):
        value = "24/7"
    try:
        return _shared_times(parse_hours(value))
    except HoursError as first:
        try:
            return _shared_times(parse_hours(_from_chinese(value)))
        except HoursError:
            raise CellError(
                _("%(reason)s (write e.g. “Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00” or 24/7)") % {"reason": first}
            ) from first


def _shared_times(intervals: list[dict[str, object]]) -> list[dict[str, object]]:
    """The same "09:00" string object for every row: a 100,000-row list with weekly hours held
    two million copies of a handful of times (a fifth of the import's memory)."""
    for interval in intervals:
        for key in ("opens", "closes"):
            if isinstance(interval.get(key), str):
                interval[key] = sys.intern(interval[key])
    return intervals
