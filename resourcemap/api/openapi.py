"""Response schemas for the OpenAPI document (raw JSON Schema: the views build plain dicts)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse

from resourcemap.directory.precision import PRECISIONS

NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_NUMBER = {"type": "number", "nullable": True}

ERRORS = {
    "type": "object",
    "required": ["errors"],
    "properties": {
        "errors": {
            "type": "object",
            "description": "Each bad parameter, with the reasons.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
}

POINT = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    },
}

MULTIPOLYGON = {
    "type": "object",
    "nullable": True,
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["MultiPolygon"]},
        # polygons > rings (exterior counterclockwise, holes clockwise: RFC 7946) > positions
        "coordinates": {"type": "array", "items": {"type": "array", "items": {"type": "array", "items": {
            "type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2}}}},
    },
}

SUMMARY_PROPERTIES: dict[str, Any] = {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "category": {"type": "string", "description": "Category code"},
    "category_name": {"type": "string"},
    "color": {"type": "string"},
    "address": {"type": "string"},
    "phones": {"type": "array", "items": {"type": "string"}},
    "district": NULLABLE_STRING,
    "status": {"type": "string", "enum": ["active", "temporarily_closed"]},
    "location_precision": {"type": "string", "enum": list(PRECISIONS)},
    "approximate": {"type": "boolean", "description": "The point stands for an area, not the door."},
    "hours": {"type": "string", "description": "Weekly hours, e.g. 'Mo-Fr 09:00-18:00'; empty when unknown."},
    "hours_note": {"type": "string"},
    "open_now": {"type": "boolean", "nullable": True, "description": "null when the hours are unknown."},
    "min_age": NULLABLE_NUMBER,
    "max_age": NULLABLE_NUMBER,
    "eligibility": {"type": "string"},
    "url": {"type": "string", "description": "The site's page on the map."},
    "distance_m": {"type": "number", "description": "Geodesic distance on WGS-84 (nearest lookups only)."},
    "distance_exact": {
        "type": "boolean",
        "description": "false when the site's point is approximate: the distance is then to its area's "
        "stand-in point and only 'about' (nearest lookups only).",
    },
    "service_area": {
        "type": "string", "nullable": True, "enum": ["city", "district", "street", "community", None],
        "description": "Whom the site serves: everyone in its city/district/street/community; null = open to anyone.",
    },
}

DETAIL_PROPERTIES: dict[str, Any] = {
    **SUMMARY_PROPERTIES,
    "alternate_name": {"type": "string"},
    "also_categories": {"type": "array", "items": {"type": "string"},
                        "description": "Further categories (codes) the site also belongs to; filters match them."},
    "description": {"type": "string"},
    "organization": {
        "type": "object",
        "nullable": True,
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
    },
    "district_name": {"type": "string"},
    "street": NULLABLE_STRING,
    "street_name": {"type": "string"},
    "community": NULLABLE_STRING,
    "community_name": {"type": "string"},
    "website": {"type": "string"},
    "email": {"type": "string"},
    "opening_hours": {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"day": {"type": "integer"}, "opens": {"type": "string"}, "closes": {"type": "string"}},
        },
    },
    "languages": {"type": "array", "items": {"type": "string"}},
    "accessibility": {"type": "string"},
    "fee_free": {"type": "boolean", "nullable": True},
    "fees": {"type": "string"},
    "assured_date": {"type": "string", "format": "date", "nullable": True},
    "stale": {"type": "boolean"},
    "provenance": {"type": "string"},
    "updated_at": {"type": "string", "format": "date-time"},
}

SUMMARY_REQUIRED = ["id", "name", "category", "category_name", "color", "address", "phones",
                    "location_precision", "approximate", "url"]


def _feature(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "integer"},
            "geometry": POINT,
            "properties": {"type": "object", "required": required, "properties": properties},
        },
    }


SITE_FEATURE = _feature(SUMMARY_PROPERTIES, SUMMARY_REQUIRED)
SITE_DETAIL_FEATURE = _feature(DETAIL_PROPERTIES, [*SUMMARY_REQUIRED, "description", "opening_hours"])
NEAREST_FEATURE = _feature(SUMMARY_PROPERTIES, [*SUMMARY_REQUIRED, "distance_m"])


def feature_collection(feature: dict[str, Any], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "coordinate_system": {"type": "string", "enum": ["wgs84", "gcj02", "bd09"]},
            **(extra or {}),
            "features": {"type": "array", "items": feature},
        },
    }


SITE_LIST = feature_collection(
    SITE_FEATURE,
    {
        "count": {"type": "integer", "description": "Matching sites in all pages."},
        "page": {"type": "integer", "nullable": True},
        "page_size": {"type": "integer", "nullable": True},
        "next": {"type": "string", "nullable": True},
        "previous": {"type": "string", "nullable": True},
    },
)
NEAREST = feature_collection(NEAREST_FEATURE, {
    "serves_your_area": {
        "type": "array", "items": SITE_FEATURE,
        "description": "Sites whose service area (district, street, community, city) contains the point, "
        "whatever the precision of their own position; not ranked by distance.",
    },
})

CATEGORIES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "name", "color"],
        "properties": {
            "code": {"type": "string"},
            "parent": NULLABLE_STRING,
            "name": {"type": "string"},
            "name_zh_hans": {"type": "string"},
            "name_zh_hant": {"type": "string"},
            "name_en": {"type": "string"},
            "description": {"type": "string"},
            "color": {"type": "string"},
            "icon": {"type": "string"},
            "site_count": {"type": "integer"},
        },
    },
}

DISTRICT_PROPERTIES = {
    "code": {"type": "string"},
    "name": {"type": "string"},
    "name_en": {"type": "string"},
    "kind": {"type": "string", "enum": ["statutory", "functional"]},
    "parent": NULLABLE_STRING,
}
DISTRICT_LIST = {
    "type": "array",
    "items": {"type": "object", "required": ["code", "name", "kind"], "properties": DISTRICT_PROPERTIES},
}
DISTRICT_FEATURES = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "coordinate_system": {"type": "string", "enum": ["wgs84", "gcj02", "bd09"]},
        "features": {"type": "array", "items": {
            "type": "object",
            "required": ["type", "id", "geometry", "properties"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "id": {"type": "string"},
                "geometry": MULTIPOLYGON,
                "properties": {"type": "object", "required": ["code", "name", "kind"],
                               "properties": DISTRICT_PROPERTIES},
            },
        }},
    },
}
# A list without geometry=true; a GeoJSON FeatureCollection (application/geo+json) with it.
DISTRICTS = {"oneOf": [DISTRICT_LIST, DISTRICT_FEATURES]}

GEOCODE = {
    "type": "object",
    "required": ["lat", "lon", "precision", "label"],
    "properties": {
        "lat": {"type": "number"},
        "lon": {"type": "number"},
        "precision": {"type": "string"},
        "label": {"type": "string"},
        "approximate": {"type": "boolean", "description": "The point stands for a community, street or district."},
    },
}

REFERRAL_PLAN = {
    "type": "object",
    "required": ["point", "needs"],
    "properties": {
        "point": POINT,
        "coordinate_system": {"type": "string"},
        "age": NULLABLE_NUMBER,
        "per_need": {"type": "integer"},
        "suitable": {"type": "string", "description": "What counts as a suitable open service."},
        "needs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["category", "category_name", "services"],
                "properties": {
                    "category": {"type": "string", "nullable": True,
                                 "description": "null for a need from the vocabulary (see `need`)"},
                    "category_name": {"type": "string", "description": "The category's or the need's name."},
                    "need": {"type": "string", "description": "The need's code (vocabulary needs only)."},
                    "categories": {"type": "array", "items": {"type": "string"}},
                    "services": {"type": "array", "items": NEAREST_FEATURE},
                    "serves_your_area": {
                        "type": "array", "items": SITE_FEATURE,
                        "description": "Sites whose service area contains the point, whatever their precision.",
                    },
                },
            },
        },
    },
}


def ok(schema: dict[str, Any], description: str = "") -> OpenApiResponse:
    return OpenApiResponse(response=schema, description=description)


BAD_REQUEST = OpenApiResponse(response=ERRORS, description="A bad parameter; each is named with the reason.")
NOT_FOUND = OpenApiResponse(response=ERRORS, description="Nothing found.")

_AREA_PART = {
    "type": "object",
    "required": ["code", "name", "confidence"],
    "properties": {
        "code": NULLABLE_STRING,
        "name": NULLABLE_STRING,
        "confidence": {"type": "string", "enum": ["inside", "probably", "named", "not_determinable"]},
        "note": {"type": "string"},
    },
}
RESPONSIBLE = {
    "type": "object",
    "required": ["area", "units"],
    "properties": {
        "point_wgs84": {"type": "object", "properties": {"lon": {"type": "number"}, "lat": {"type": "number"}}},
        "address_precision": NULLABLE_STRING,
        "area": {
            "type": "object",
            "required": ["district", "street", "community"],
            "properties": {
                "district": _AREA_PART,
                "functional_area": {**_AREA_PART, "nullable": True},
                "street": _AREA_PART,
                "community": _AREA_PART,
                "outlines": {"type": "string", "description": "Which outlines are approximate."},
            },
        },
        "units": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["role", "title", "site", "legal_basis"],
                "properties": {
                    "role": {"type": "string", "enum": [
                        "city_centre", "district_centre", "street_workstation", "street_centre",
                        "community_centre", "district_civil_affairs", "hotline", "police",
                    ]},
                    "title": {"type": "string"},
                    "note": {"type": "string"},
                    "phone": NULLABLE_STRING,
                    "site": {
                        "type": "object",
                        "nullable": True,
                        "properties": {
                            "id": {"type": "integer"},
                            "name": {"type": "string"},
                            "category": {"type": "string"},
                            "phones": {"type": "array", "items": {"type": "string"}},
                            "address": {"type": "string"},
                            "precision": {"type": "string"},
                            "approximate": {"type": "boolean"},
                            "service_area": {"type": "string"},
                            "url": {"type": "string"},
                        },
                    },
                    "legal_basis": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "law": {"type": "string"}, "article": {"type": "integer"},
                                "label": {"type": "string"}, "url": {"type": "string"},
                            },
                        },
                    },
                },
            },
        },
    },
}

NEEDS = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["code", "group", "name", "categories"],
        "properties": {
            "code": {"type": "string"},
            "group": {"type": "string"},
            "group_name": {"type": "string"},
            "name": {"type": "string"},
            "name_zh_hans": {"type": "string"},
            "name_zh_hant": {"type": "string"},
            "name_en": {"type": "string"},
            "synonyms": {"type": "array", "items": {"type": "string"}},
            "categories": {"type": "array", "items": {"type": "string"}},
            "legal_basis": {
                "type": "array",
                "items": {"type": "object", "properties": {"law": {"type": "string"}, "article": {"type": "integer"}}},
            },
        },
    },
}
