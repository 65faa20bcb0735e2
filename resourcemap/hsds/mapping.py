"""The directory as Open Referral HSDS 3.0 objects.

One service point is one HSDS service, delivered at one location (a service_at_location
linking the two). Identifiers are stable strings built from our keys: the service id is the
service point's id, the location "loc-<id>", the link "sal-<id>", an organization its code,
a taxonomy term its category code. Closed sites are not exported (public data only).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from resourcemap.directory.hours import DAYS, format_hours
from resourcemap.directory.models import Category, Organization, ServicePoint

HSDS_VERSION = "3.0"
TAXONOMY_ID = "resourcemap-categories"
STATUS = {"active": "active", "temporarily_closed": "temporarily closed", "closed": "defunct"}
PROVINCE = "广东省"


def service_id(site: ServicePoint) -> str:
    return str(site.pk)


def location_id(site: ServicePoint) -> str:
    return f"loc-{site.pk}"


def service_at_location_id(site: ServicePoint) -> str:
    return f"sal-{site.pk}"


# HSDS requires every service to belong to an organization; a site whose responsible
# organization the directory does not record points at this stand-in, which says so.
UNRECORDED_ORGANIZATION: dict[str, Any] = {
    "id": "unrecorded",
    "name": "未注明主管部门",
    "alternate_name": "Responsible organization not recorded",
    "description": "The directory does not record which organization runs these services.",
}


def organization_id_of(site: ServicePoint) -> str:
    return site.organization.code if site.organization_id else UNRECORDED_ORGANIZATION["id"]


def organization_dict(organization: Organization) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": organization.code,
        "name": organization.name_zh_hans,
        "alternate_name": organization.name_en,
        "description": organization.description,
    }
    if organization.website:
        row["website"] = organization.website
    return row


def taxonomy_term_dict(category: Category) -> dict[str, Any]:
    return {
        "id": category.code,
        "code": category.code,
        "name": category.name_zh_hans,
        "description": category.description or category.name_en,
        "parent_id": category.parent.code if category.parent_id else None,
        "taxonomy_id": TAXONOMY_ID,
        "language": "zh",
    }


def attribute_dict(site: ServicePoint) -> dict[str, Any]:
    return {
        "id": f"attr-{site.pk}",
        "link_id": service_id(site),
        "link_type": "service_category",
        "link_entity": "service",
        "taxonomy_term_id": site.category.code,
        "value": site.category.code,
        "taxonomy_term": taxonomy_term_dict(site.category),
    }


def phone_dicts(site: ServicePoint, **links: str) -> list[dict[str, Any]]:
    return [{"id": f"phone-{site.pk}-{n}", "number": number, **links} for n, number in enumerate(site.phones, 1)]


def _utc_offset() -> tuple[str, float]:
    """("+08:00", 8.0) for the deployment's time zone, today."""
    offset = timezone.localtime().utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 0.0
    sign = "-" if hours < 0 else "+"
    minutes = int(abs(hours) * 60)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}", hours


def schedule_dicts(site: ServicePoint) -> list[dict[str, Any]]:
    """Weekly opening hours as HSDS schedules (RFC 5545 style): one per distinct time span."""
    suffix, offset = _utc_offset()
    spans: dict[tuple[str, str], list[int]] = {}
    for entry in site.opening_hours:
        spans.setdefault((str(entry["opens"]), str(entry["closes"])), []).append(int(entry["day"]))
    links = {"service_id": service_id(site), "location_id": location_id(site),
             "service_at_location_id": service_at_location_id(site)}
    schedules: list[dict[str, Any]] = []
    for n, ((opens, closes), days) in enumerate(sorted(spans.items()), 1):
        schedules.append({
            "id": f"sched-{site.pk}-{n}", **links,
            "freq": "WEEKLY", "interval": 1,
            "byday": ",".join(DAYS[day].upper() for day in sorted(days)),
            "opens_at": f"{opens}{suffix}",
            # HH:MM has no 24:00; a span that runs to midnight closes at 23:59.
            "closes_at": f"{'23:59' if closes == '24:00' else closes}{suffix}",
            "timezone": offset,
            "description": format_hours(site.opening_hours),
            "notes": site.hours_note,
        })
    if not schedules and site.hours_note:
        schedules.append({"id": f"sched-{site.pk}-1", **links, "description": site.hours_note})
    return schedules


def address_dict(site: ServicePoint) -> dict[str, Any]:
    return {
        "id": f"addr-{site.pk}",
        "location_id": location_id(site),
        "address_1": site.address,
        "city": f"{settings.CITY_NAME}市" if not settings.CITY_NAME.endswith("市") else settings.CITY_NAME,
        "region": site.district.name if site.district_id else "",
        "state_province": PROVINCE,
        "postal_code": "",  # not recorded in the directory
        "country": "CN",
        "address_type": "physical",
    }


def location_dict(site: ServicePoint) -> dict[str, Any]:
    precision = site.get_location_precision_display()
    return {
        "id": location_id(site),
        "location_type": "physical",
        "organization_id": site.organization.code if site.organization_id else None,
        "name": site.name,
        "alternate_name": site.alternate_name,
        "description": f"位置精度：{precision}" if site.is_approximate else "",
        "latitude": round(site.location.y, 7),
        "longitude": round(site.location.x, 7),
        "external_identifier": f"{site.source}:{site.external_id}",
        "external_identifier_type": "resourcemap_source_id",
    }


def service_row(site: ServicePoint) -> dict[str, Any]:
    """The service's one-to-one fields (what HSDS list endpoints and services.csv carry)."""
    row: dict[str, Any] = {
        "id": service_id(site),
        "organization_id": organization_id_of(site),
        "name": site.name,
        "alternate_name": site.alternate_name,
        "description": site.description,
        "status": STATUS[site.status],
        "fees_description": site.fees,
        "eligibility_description": site.eligibility,
        "minimum_age": float(site.min_age) if site.min_age is not None else None,
        "maximum_age": float(site.max_age) if site.max_age is not None else None,
        "assured_date": site.assured_date.isoformat() if site.assured_date else None,
    }
    if site.website:
        row["url"] = site.website
    if site.email:
        row["email"] = site.email
    return {key: value for key, value in row.items() if value is not None}


def service_at_location_row(site: ServicePoint) -> dict[str, Any]:
    return {
        "id": service_at_location_id(site),
        "service_id": service_id(site),
        "location_id": location_id(site),
        "description": site.hours_note,
    }


def full_service(site: ServicePoint) -> dict[str, Any]:
    """A fully nested service (GET /services/{id})."""
    location = {**location_dict(site), "addresss": [address_dict(site)] if site.address else []}
    location = {key: value for key, value in location.items() if value is not None}
    link = {**service_at_location_row(site), "location": location, "schedules": schedule_dicts(site)}
    service = {
        **service_row(site),
        "phones": phone_dicts(site, service_id=service_id(site)),
        "service_at_locations": [link],
        "attributes": [attribute_dict(site)],
    }
    service["organization"] = (
        organization_dict(site.organization) if site.organization_id else dict(UNRECORDED_ORGANIZATION)
    )
    return service


def service_at_location_with_location(site: ServicePoint) -> dict[str, Any]:
    location = {key: value for key, value in location_dict(site).items() if value is not None}
    return {**service_at_location_row(site), "location": location}


def exported_sites():  # type: ignore[no-untyped-def]
    return (
        ServicePoint.objects.public()
        .select_related("category", "category__parent", "organization", "district")
        .order_by("pk")
    )
