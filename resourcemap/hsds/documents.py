"""The documents the HSDS API answers, each shaped as the official openapi.json names it:
compiled/service.json, service_list.json, service_at_location_list.json, organization.json,
organization_list.json, taxonomy.json and taxonomy_term.json."""

from __future__ import annotations

from typing import Any

from resourcemap.directory.models import Organization, ServicePoint
from resourcemap.hsds import mapping
from resourcemap.hsds.metadata import metadata_by_site


def location_document(site: ServicePoint) -> dict[str, Any]:
    return {
        **mapping.location_row(site),
        "addresses": mapping.address_dicts(site),
        "accessibility": mapping.accessibility_dicts(site),
    }


def service_at_location_document(site: ServicePoint) -> dict[str, Any]:
    return {
        **mapping.service_at_location_row(site),
        "location": location_document(site),
        # The hours are those of the service at this place; the phones are the service's
        # (one phone, one id: they are not repeated here).
        "schedules": mapping.schedule_dicts(site),
    }


def full_service(site: ServicePoint, metadata: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A fully nested service (GET /services/{id}, /service_at_locations/{id}, ?full=true)."""
    if metadata is None:
        metadata = metadata_by_site([site])[site.pk]
    return {
        **mapping.service_row(site),
        "organization": mapping.organization_dict(site.organization),
        "phones": mapping.phone_dicts(site, service_id=mapping.service_id(site)),
        "service_areas": mapping.service_area_dicts(site),
        "service_at_locations": [service_at_location_document(site)],
        "languages": mapping.language_dicts(site),
        "cost_options": mapping.cost_option_dicts(site),
        "attributes": mapping.attribute_dicts(site),
        "metadata": metadata,
    }


def full_services(sites: list[ServicePoint]) -> list[dict[str, Any]]:
    metadata = metadata_by_site(sites)
    return [full_service(site, metadata[site.pk]) for site in sites]


def service_list_item(site: ServicePoint) -> dict[str, Any]:
    return {**mapping.service_row(site), "organization": mapping.organization_dict(site.organization)}


def minimal_service(site: ServicePoint) -> dict[str, Any]:
    """?minimal=true: the id and last change (and what the list schema requires besides)."""
    row = mapping.service_row(site)
    return {key: row[key] for key in ("id", "name", "status", "last_modified")}


def service_at_location_list_item(site: ServicePoint) -> dict[str, Any]:
    return {
        **mapping.service_at_location_row(site),
        "location": mapping.location_row(site),
        "service": mapping.service_row(site),
    }


def organization_document(organization: Organization | None, sites: list[ServicePoint],
                          *, full_service_array: bool) -> dict[str, Any]:
    """GET /organizations/{id}: the organization with its services (simple, or fully nested)."""
    services = full_services(sites) if full_service_array else [mapping.service_row(s) for s in sites]
    return {**mapping.organization_dict(organization), "services": services}
