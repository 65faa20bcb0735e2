"""One service point as Open Referral HSDS 3.0 objects.

One service point is one HSDS service, delivered at one location (a service_at_location
linking the two). Every id is a UUID v5 of a stable key (resourcemap/hsds/ids.py); the numeric
ids stay for the project's own API. Closed sites are not exported (public data only).
Every function here builds the flat (tabular) fields of one kind of object; documents.py
nests them into what the API answers.
"""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from resourcemap.directory.hours import DAYS, format_hours
from resourcemap.directory.models import Organization, ServicePoint
from resourcemap.directory.service_areas import service_area_of
from resourcemap.hsds import taxonomy
from resourcemap.hsds.ids import key_uuid, site_uuid

HSDS_VERSION = "3.0"
STATUS = {"active": "active", "temporarily_closed": "temporarily closed", "closed": "defunct"}
PROVINCE = "广东省"
COUNTRY = "CN"
CURRENCY = "CNY"

# HSDS language objects name the language; the directory stores BCP 47 codes.
LANGUAGE_NAMES = {
    "zh": "中文 Chinese", "zh-Hans": "简体中文 Chinese (simplified)", "zh-Hant": "繁體中文 Chinese (traditional)",
    "yue": "粤语 Cantonese", "en": "English", "hak": "客家话 Hakka", "zgn": "手语 Chinese Sign Language",
    "csl": "中国手语 Chinese Sign Language",
}


def site_key(site: ServicePoint) -> tuple[str, str]:
    return site.source, site.external_id


def service_id(site: ServicePoint) -> str:
    return site_uuid("service", *site_key(site))


def location_id(site: ServicePoint) -> str:
    return site_uuid("location", *site_key(site))


def service_at_location_id(site: ServicePoint) -> str:
    return site_uuid("service_at_location", *site_key(site))


# HSDS requires every service to belong to an organization; a site whose responsible
# organization the directory does not record points at this stand-in, which says so.
UNRECORDED_ORGANIZATION_CODE = "unrecorded"
UNRECORDED_ORGANIZATION: dict[str, Any] = {
    "id": key_uuid("organization", UNRECORDED_ORGANIZATION_CODE),
    "name": "未注明主管部门",
    "alternate_name": "Responsible organization not recorded",
    "description": "本目录未记录这些服务由哪个部门负责。The directory does not record which organization runs "
                   "these services.",
}


def organization_id(organization: Organization | None) -> str:
    return key_uuid("organization", organization.code) if organization is not None else UNRECORDED_ORGANIZATION["id"]


def organization_dict(organization: Organization | None) -> dict[str, Any]:
    if organization is None:
        return dict(UNRECORDED_ORGANIZATION)
    row: dict[str, Any] = {
        "id": organization_id(organization),
        "name": organization.name_zh_hans,
        "alternate_name": organization.name_en,
        # HSDS requires a description; where the directory has none, say what the
        # organization is to this directory rather than leave the field empty.
        "description": organization.description
        or f"{organization.name_zh_hans}：负责本目录中的部分服务点。{organization.name_en or organization.code}: "
        "responsible for some of the service points in this directory.",
    }
    if organization.website:
        row["website"] = organization.website
    return row


def _clock(value: str) -> str:
    # HH:MM has no 24:00; a span that runs to midnight closes at 23:59.
    return "23:59" if value == "24:00" else value


def _utc_offset() -> tuple[str, float]:
    """("+08:00", 8.0) for the deployment's time zone, today."""
    offset = timezone.localtime().utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 0.0
    sign = "-" if hours < 0 else "+"
    minutes = int(abs(hours) * 60)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}", hours


def schedule_dicts(site: ServicePoint, *, tabular: bool = False) -> list[dict[str, Any]]:
    """Weekly opening hours as HSDS schedules (RFC 5545 style): one per distinct time span.

    The API writes times as the HSDS field description asks (HH:MM with the UTC offset,
    `09:00+08:00`); the CSV as the data package's `time` type (`09:00:00`), the offset being
    in the `timezone` column of the same row."""
    suffix, offset = _utc_offset()
    spans: dict[tuple[str, str], list[int]] = {}
    for entry in site.opening_hours:
        spans.setdefault((str(entry["opens"]), str(entry["closes"])), []).append(int(entry["day"]))
    links = {"service_id": service_id(site), "location_id": location_id(site),
             "service_at_location_id": service_at_location_id(site)}
    schedules: list[dict[str, Any]] = []
    for (opens, closes), days in sorted(spans.items()):
        opens_at, closes_at = _clock(opens), _clock(closes)
        schedules.append({
            "id": site_uuid("schedule", *site_key(site), opens, closes), **links,
            "freq": "WEEKLY", "interval": 1,
            "byday": ",".join(DAYS[day].upper() for day in sorted(days)),
            "opens_at": f"{opens_at}:00" if tabular else f"{opens_at}{suffix}",
            "closes_at": f"{closes_at}:00" if tabular else f"{closes_at}{suffix}",
            "timezone": offset,
            "description": format_hours(site.opening_hours),
            "notes": site.hours_note,
        })
    if not schedules and site.hours_note:
        schedules.append({"id": site_uuid("schedule", *site_key(site), "note"), **links,
                          "description": site.hours_note})
    return schedules


def address_dicts(site: ServicePoint) -> list[dict[str, Any]]:
    if not site.address:
        return []
    city = settings.CITY_NAME if settings.CITY_NAME.endswith("市") else f"{settings.CITY_NAME}市"
    return [{
        "id": site_uuid("address", *site_key(site)),
        "location_id": location_id(site),
        "address_1": site.address,
        "city": city,
        "region": site.district.name if site.district_id else "",
        "state_province": PROVINCE,
        # The directory records no postcodes (nor do the city's official lists); the profile
        # (resourcemap/hsds/profile.py) makes this field optional instead of inventing one.
        "postal_code": "",
        "country": COUNTRY,
        "address_type": "physical",
    }]


def phone_dicts(site: ServicePoint, **links: str) -> list[dict[str, Any]]:
    return [
        {"id": site_uuid("phone", *site_key(site), number), **links, "number": number}
        for number in dict.fromkeys(site.phones)
    ]


def language_dicts(site: ServicePoint) -> list[dict[str, Any]]:
    return [
        {"id": site_uuid("language", *site_key(site), code), "service_id": service_id(site),
         "name": LANGUAGE_NAMES.get(code, code), "code": code}
        for code in dict.fromkeys(site.languages)
    ]


def accessibility_dicts(site: ServicePoint) -> list[dict[str, Any]]:
    if not site.accessibility:
        return []
    return [{"id": site_uuid("accessibility", *site_key(site)), "location_id": location_id(site),
             "description": site.accessibility}]


def cost_option_dicts(site: ServicePoint) -> list[dict[str, Any]]:
    """Free of charge as a zero-amount option; a fee as the directory's text (it records no amounts)."""
    options: list[dict[str, Any]] = []
    if site.fee_free:
        options.append({"id": site_uuid("cost_option", *site_key(site), "free"), "service_id": service_id(site),
                        "option": "免费 Free of charge", "currency": CURRENCY, "amount": 0,
                        "amount_description": site.fees or "免费 Free of charge"})
    elif site.fees:
        options.append({"id": site_uuid("cost_option", *site_key(site), "fee"), "service_id": service_id(site),
                        "option": "收费 Fee", "currency": CURRENCY, "amount_description": site.fees})
    return options


SERVICE_AREA_WORDS = {
    "city": "全市 the whole city", "district": "区 district", "street": "街道 street", "community": "社区 community",
}


def service_area_dicts(site: ServicePoint) -> list[dict[str, Any]]:
    """The area a site serves (ServicePoint.service_area_kind, resourcemap.directory.service_areas):
    everyone in it, wherever the site's door is. None for a site open to anyone."""
    area = service_area_of(site)
    if area is None:
        return []
    return [{
        "id": site_uuid("service_area", *site_key(site), area["kind"]),
        "service_id": service_id(site),
        "name": area["name"],
        "description": f"服务{area['name']}的所有人 Serves everyone in this {SERVICE_AREA_WORDS[area['kind']]}"
        + (f" (code {area['code']})" if area["code"] else ""),
    }]


def attribute_dicts(site: ServicePoint, *, nested_term: bool = True) -> list[dict[str, Any]]:
    """The service's taxonomy terms (its category, and the needs it meets once #12 records them)."""
    terms = [taxonomy.category_term(site.category), *taxonomy.extra_terms_of(site)]
    attributes = []
    for term in terms:
        attribute = {
            "id": site_uuid("attribute", *site_key(site), term["taxonomy_id"], term["code"]),
            "link_id": service_id(site),
            "link_type": "service_category",
            "link_entity": "service",
            "taxonomy_term_id": term["id"],
            "value": term["code"],
        }
        if nested_term:
            attribute["taxonomy_term"] = term
        attributes.append(attribute)
    return attributes


def _age(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def service_row(site: ServicePoint) -> dict[str, Any]:
    """The service's one-to-one fields (what HSDS list endpoints and services.csv carry)."""
    row: dict[str, Any] = {
        "id": service_id(site),
        "organization_id": organization_id(site.organization),
        "name": site.name,
        "alternate_name": site.alternate_name,
        "description": site.description,
        "url": site.website or None,
        "email": site.email or None,
        "status": STATUS[site.status],
        "fees_description": site.fees,
        "eligibility_description": site.eligibility,
        "minimum_age": _age(site.min_age),
        "maximum_age": _age(site.max_age),
        "assured_date": site.assured_date.isoformat() if site.assured_date else None,
        # HSDS asks for millisecond accuracy, in UTC.
        "last_modified": site.updated_at.astimezone(UTC).isoformat(timespec="milliseconds")
        .replace("+00:00", "Z"),
    }
    return {key: value for key, value in row.items() if value is not None}


def location_row(site: ServicePoint) -> dict[str, Any]:
    precision = site.get_location_precision_display() if site.is_approximate else ""
    row: dict[str, Any] = {
        "id": location_id(site),
        "location_type": "physical",
        "organization_id": organization_id(site.organization) if site.organization_id else None,
        "name": site.name,
        "alternate_name": site.alternate_name,
        # An approximate point is labelled where a consumer reads it, not only in the profile.
        "description": f"位置为近似值（{precision}）。Approximate location ({precision})." if site.is_approximate
        else "",
        "latitude": round(site.location.y, 7),
        "longitude": round(site.location.x, 7),
        "external_identifier": f"{site.source}:{site.external_id}",
        "external_identifier_type": "resourcemap_source_id",
    }
    return {key: value for key, value in row.items() if value is not None}


def service_at_location_row(site: ServicePoint) -> dict[str, Any]:
    return {
        "id": service_at_location_id(site),
        "service_id": service_id(site),
        "location_id": location_id(site),
        "description": site.hours_note,
    }


def exported_sites():  # type: ignore[no-untyped-def]
    return (
        ServicePoint.objects.public()
        .select_related("category", "category__parent", "organization", "district", "street", "community")
        # Further categories, and the needs each site's category meets (taxonomy.extra_terms_of).
        .prefetch_related("also_categories__parent", "category__needs")
        # The search columns are most of a row's bytes and no HSDS field.
        .defer("search_text", "search_grams", "search_latin")
        .order_by("pk")
    )
