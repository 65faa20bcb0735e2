"""/api/v1/schema/ passes openapi-spec-validator and the error-level rules of Spectral's OAS
ruleset that a schema validator does not check (array-items, operationId uniqueness,
path-params, typed-enum)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict}


def schemas_in(node: Any, where: str = "#") -> list[tuple[str, dict]]:
    """Every dict under node that is (or may be) a schema, with its JSON pointer."""
    found = []
    if isinstance(node, dict):
        if "type" in node or "items" in node or "enum" in node:
            found.append((where, node))
        for key, value in node.items():
            found += schemas_in(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += schemas_in(value, f"{where}/{index}")
    return found


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/v1/schema/", headers={"accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    return response.json()


def test_it_is_a_valid_openapi_document(document):
    validate(document)


def test_every_array_schema_says_what_its_items_are(document):
    missing = [where for where, schema in schemas_in(document["paths"]) + schemas_in(document.get("components", {}))
               if schema.get("type") == "array" and "items" not in schema]
    assert missing == []


def test_every_operation_has_a_unique_id(document):
    ids = [op.get("operationId") for item in document["paths"].values() for op in item.values()
           if isinstance(op, dict) and "responses" in op]
    assert None not in ids
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_every_path_parameter_is_declared(document):
    for path, item in document["paths"].items():
        in_path = set(re.findall(r"{([^}]+)}", path))
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            declared = {p["name"] for p in op.get("parameters", []) + item.get("parameters", [])
                        if p.get("in") == "path"}
            assert declared == in_path, (method, path)


def test_every_enum_matches_its_type(document):
    for where, schema in schemas_in(document):
        if "enum" in schema and schema.get("type") in TYPES:
            allowed = TYPES[schema["type"]]
            wrong = [v for v in schema["enum"] if v is not None and not isinstance(v, allowed)]
            assert wrong == [], where
