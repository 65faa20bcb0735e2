"""This directory's HSDS profile, in the format of HSDS 3.0's Profiles reference.

A profile is a set of JSON Merge Patches (RFC 7386), one file per HSDS schema file it changes,
named like that file, published at `<profile URI>/profile/<file>`. Ours changes four files,
each for a fact of the city rather than a gap left silent:

- address.json: Shenzhen's addresses are written in Chinese as one line (district, street,
  road, number); the directory records no postcodes (nor do the official site lists), so
  `postal_code` is not required (HSDS profiles may override constraints). An address has
  one when the directory learns it; none is invented.
- location.json: coordinates are WGS-84 (converted from the GCJ-02 or BD-09 of Chinese map
  providers); a point placed at a community, street or district is approximate, and the
  location's description says so.
- metadata.json: the audit trail's creations and deletions have field_name "*" (the whole
  record), and an absent or empty previous or replacement value is "-" (the data package
  requires the three non-empty); a creation's replacement_value is the site's provenance
  (source file and row); staff are "staff #<n>", imports "import <n>: <file>".
- openapi.json: /service_at_locations measures `proximity` (metres) from `lat`/`lon` instead of a
  postcode's centroid, and `format` is json or ndjson.

Open Eligibility: the categories are mapped to its top-level human-service terms where one
fits (taxonomy.OPEN_ELIGIBILITY_OF_CATEGORY), and services carry both terms.
"""

from __future__ import annotations

from typing import Any

from resourcemap.hsds import taxonomy

NAME = "resourcemap-child-services"
VERSION = "1.0.0"

ADDRESS_REQUIRED = ["id", "address_1", "city", "state_province", "country", "address_type"]

PATCHES: dict[str, dict[str, Any]] = {
    "address.json": {
        "required": ADDRESS_REQUIRED,
        "properties": {
            "address_1": {"description": "The whole address in Chinese, as written locally: district, street "
                          "(街道), road and number, building. HSDS's address_2 is not used."},
            "region": {"description": "The district (区), e.g. 福田区."},
            "state_province": {"description": "The province, 广东省."},
            "postal_code": {"description": "Not required by this profile: the directory and the city's official "
                            "site lists record no postcodes. Given when known, never guessed."},
        },
    },
    "location.json": {
        "properties": {
            "latitude": {"description": "WGS-84 latitude. Sources in GCJ-02 (AMap) or BD-09 (Baidu) were "
                         "converted. A point placed at a community, street or district is approximate, "
                         "and the location's description says so."},
            "longitude": {"description": "WGS-84 longitude (see latitude)."},
            "external_identifier": {"description": "`<source>:<external id>` of the import that holds this "
                                    "site; the key its HSDS UUIDs are derived from."},
        },
    },
    "metadata.json": {
        "properties": {
            "field_name": {"description": "The changed field of the directory's service point, or \"*\" for the "
                           "whole record (a creation or deletion)."},
            "previous_value": {"description": "The value before the change; \"-\" when there was none."},
            "replacement_value": {"description": "The value after the change; \"-\" when there is none. For a "
                                  "creation, the source record the site came from (its provenance)."},
            "updated_by": {"description": "\"import <n>: <file>\" for an import, \"staff #<n>\" for an edit in "
                           "the admin (staff are not named), \"system\" otherwise."},
        },
    },
    "openapi.json": {
        "paths": {
            "/service_at_locations": {
                "get": {
                    "parameters": [
                        {"$ref": f"#/components/parameters/{name}"}
                        for name in ("search", "taxonomy_term_id", "taxonomy_id", "organization_id",
                                     "modified_after", "full", "page", "per_page", "format", "postcode",
                                     "proximity")
                    ] + [
                        {"name": "lat", "in": "query", "required": False, "schema": {"type": "number"},
                         "description": "WGS-84 latitude of the point proximity is measured from."},
                        {"name": "lon", "in": "query", "required": False, "schema": {"type": "number"},
                         "description": "WGS-84 longitude of the point proximity is measured from."},
                    ],
                },
            },
        },
        "components": {
            "parameters": {
                "proximity": {"description": "Metres from lat/lon (this profile has no postcodes); results "
                              "are ordered nearest first.", "schema": {"type": "number"}},
                "postcode": {"description": "Not supported (no postcodes are recorded): answered with a 400 "
                             "that says to use lat, lon and proximity."},
                "format": {"description": "json (paged, the default) or ndjson (every result, unpaged, one "
                           "JSON object per line).", "schema": {"type": "string", "enum": ["json", "ndjson"]}},
            },
        },
    },
}


def index(base_url: str) -> dict[str, Any]:
    """The profile's canonical document: what it changes and where the patches are."""
    return {
        "name": NAME,
        "version": VERSION,
        "hsds_version": "3.0",
        "description": __doc__,
        "profile": {name: f"{base_url}{name}" for name in PATCHES},
        "open_eligibility_mapping": {
            code: taxonomy.OPEN_ELIGIBILITY_OF_CATEGORY.get(code) for code in sorted(
                {*taxonomy.OPEN_ELIGIBILITY_OF_CATEGORY, "party_mass_centre", "minor_protection",
                 "youth_women_centre"})
        },
    }
