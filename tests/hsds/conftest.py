"""Validators built from the bundled HSDS 3.0 schemas (see schema/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "schema"


def _registry() -> Registry:
    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        contents = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@pytest.fixture(scope="session")
def hsds_validator():
    registry = _registry()

    def validator(name: str) -> Draft202012Validator:
        schema = json.loads((SCHEMA_DIR / name).read_text())
        return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)

    return validator


@pytest.fixture(scope="session")
def hsds_schema():
    return lambda name: json.loads((SCHEMA_DIR / name).read_text())
