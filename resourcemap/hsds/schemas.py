"""Response schemas of the HSDS operations for this project's OpenAPI document.

Deliberately shallow: the normative schemas are the official HSDS ones (compiled/*.json),
which the tests validate every answer against; these say the shape for API browsers."""

from __future__ import annotations

from typing import Any

ROOT: dict[str, Any] = {
    "type": "object",
    "required": ["version", "profile", "openapi_url"],
    "properties": {
        "version": {"type": "string"},
        "profile": {"type": "string", "format": "uri"},
        "openapi_url": {"type": "string", "format": "uri"},
    },
}

DOCUMENT: dict[str, Any] = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string", "format": "uuid"}},
}

PAGE: dict[str, Any] = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty",
                 "contents"],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array", "items": DOCUMENT},
    },
}
