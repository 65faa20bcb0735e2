"""Validators for HSDS documents, from the official specification when it is at hand.

With HSDS_SPEC_DIR set to a checkout of the Open Referral specification repository (branch
3.0; compared at commit 279fd2eb3552c349bf698c07c00cc25f5fc8249b), every document is validated
against the official schemas the official openapi.json names, compiled as the specification's
own CI does (`compiletojsonschema --set-additional-properties-false-everywhere`): an unknown
or misspelt key fails. The specification's files may not be committed here and no package on
PyPI ships them (see schema/README.md), so without HSDS_SPEC_DIR the tests fall back to the
early 3.0 copy in schema/: not strict (it predates last_modified, cost options and more), with
its `addresss` typo, its term's `taxonomy` and its ids' format corrected as upstream did, and stand-ins for the files it lacks.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from compiletojsonschema.compiletojsonschema import CompileToJsonSchema
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BUNDLED_DIR = Path(__file__).parent / "schema"
OFFICIAL_DIR = Path(os.environ["HSDS_SPEC_DIR"]) if os.environ.get("HSDS_SPEC_DIR") else None

# The schema of each kind of document, as the official openapi.json names it.
OFFICIAL_FILES = {
    "service": "schema/compiled/service.json",
    "service_list": "schema/compiled/service_list.json",
    "service_at_location": "schema/compiled/service_at_location.json",
    "service_at_location_list": "schema/compiled/service_at_location_list.json",
    "organization": "schema/compiled/organization.json",
    "organization_list": "schema/compiled/organization_list.json",
    "taxonomy": "schema/taxonomy.json",
    "taxonomy_term": "schema/taxonomy_term.json",
}
# The nearest file of the bundled copy (list documents are validated as the full object).
BUNDLED_FILES = {
    "service": "service.json",
    "service_list": "service.json",
    "service_at_location": "service_at_location.json",
    "service_at_location_list": "service_at_location.json",
    "organization": "organization.json",
    "organization_list": "organization.json",
    "taxonomy_term": "taxonomy_term.json",
}
# The bundled copy has no taxonomy.json: without the official files, a taxonomy is checked for
# the members HSDS 3.0 requires of it, and no more.
BUNDLED_FALLBACK = {"taxonomy": {"type": "object", "required": ["id", "name", "description"]}}
# Files the bundled copy's schemas refer to but does not hold: any object with an id.
STAND_IN = {"type": "object", "required": ["id"]}


def _bundled_schemas() -> tuple[dict[str, dict], Registry]:
    contents = {path.name: json.loads(path.read_text()) for path in BUNDLED_DIR.glob("*.json")}
    location = contents["location.json"]["properties"]
    # Upstream renamed the early 3.0 schema's "addresss" (a typo) to "addresses".
    location["addresses"] = location.pop("addresss")
    # Upstream since: a term's `taxonomy` is the taxonomy's name, its object `taxonomy_detail`.
    term = contents["taxonomy_term.json"]["properties"]
    term["taxonomy_detail"], term["taxonomy"] = term["taxonomy"], {"type": "string"}
    # Upstream since, after the identifiers page: every id is a UUID.
    for schema in contents.values():
        for name, prop in schema.get("properties", {}).items():
            if (name == "id" or name.endswith("_id")) and prop.get("type") == "string":
                prop["format"] = "uuid"
    referenced = set()
    for text in (p.read_text() for p in BUNDLED_DIR.glob("*.json")):
        referenced |= {part.split('"')[0] for part in text.split('"$ref": "')[1:]}
    for name in referenced - set(contents):
        contents[name] = STAND_IN
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012)) for name, schema in contents.items()
    )
    return contents, registry


def strict_official_schema(relative: str) -> dict:
    """An official schema with its references resolved and additionalProperties false everywhere."""
    assert OFFICIAL_DIR is not None
    compiled = CompileToJsonSchema(
        input_filename=str(OFFICIAL_DIR / relative), set_additional_properties_false_everywhere=True
    ).get()
    return json.loads(json.dumps(compiled))


@pytest.fixture(scope="session")
def hsds_validator():
    """kind of document -> a validator for it (see the module's docstring)."""
    cache: dict[str, Draft202012Validator] = {}
    bundled, registry = _bundled_schemas() if OFFICIAL_DIR is None else ({}, None)

    def validator(kind: str) -> Draft202012Validator:
        if kind not in cache:
            if OFFICIAL_DIR is not None:
                cache[kind] = Draft202012Validator(strict_official_schema(OFFICIAL_FILES[kind]),
                                                   format_checker=Draft202012Validator.FORMAT_CHECKER)
            elif kind in BUNDLED_FILES:
                cache[kind] = Draft202012Validator(bundled[BUNDLED_FILES[kind]], registry=registry,
                                                   format_checker=Draft202012Validator.FORMAT_CHECKER)
            else:
                cache[kind] = Draft202012Validator(BUNDLED_FALLBACK[kind])
        return cache[kind]

    return validator


@pytest.fixture(scope="session")
def official_dir() -> Path:
    if OFFICIAL_DIR is None:
        pytest.skip("needs the official HSDS files: set HSDS_SPEC_DIR to a checkout of the specification")
    return OFFICIAL_DIR



@pytest.fixture
def directory(make_site, boundaries):
    """A site with every optional field filled (and edited once), a temporarily closed site
    without organization, and a closed one (never exported)."""
    from resourcemap.directory.models import Organization

    health = Organization.objects.get(code="health")
    full = make_site(
        source="test", external_id="full-1", name="福田区妇幼保健院", alternate_name="福田妇幼",
        description="儿童保健；孕产妇保健", category="maternal_child_health", organization=health,
        address="深圳市福田区某路1号", phones=["0755-1111", "0755-2222"], district=boundaries["futian"],
        website="https://example.org/fy", email="info@example.org", min_age=0, max_age=18,
        eligibility="0-18岁儿童", languages=["zh", "yue", "en"], accessibility="无障碍通道与电梯",
        fee_free=True, fees="挂号免费", lon=114.05, lat=22.55, hours_note="节假日休息",
        provenance="health_2024.xlsx#row=7",
        opening_hours=[{"day": d, "opens": "08:00", "closes": "12:00"} for d in range(6)]
        + [{"day": 6, "opens": "00:00", "closes": "24:00"}],
    )
    full.name = "福田区妇幼保健院（新址）"
    full.save()  # a second history row: an update of one field
    return [
        full,
        make_site(name="龙岗党群服务中心", lon=114.25, lat=22.7, location_precision="community",
                  status="temporarily_closed", fees="部分项目收费"),
        make_site(name="已撤销站点", status="closed", lon=114.06, lat=22.56),
    ]
