"""Schemathesis against the official HSDS openapi.json (not ours): every operation, with the
parameters the specification defines, never fails and answers what the specification says.

Needs the official files (HSDS_SPEC_DIR, see conftest.py); `make hsds-conformance` runs it.
The official document refers to its schemas by URL on the specification's repository; they
are read from HSDS_SPEC_DIR instead (no test touches the internet).

Checks: no 5xx; a 200's body valid against the official response schema; the documented
media type. Not the status-code check: the official document lists only 200, while a bad
parameter is a 400 and an unknown id a 404 (JSON), as HSDS's own text asks. An answer to
format=ndjson is NDJSON, which the official document names but does not list as a media type.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from compiletojsonschema.compiletojsonschema import CompileToJsonSchema
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from tests.hsds.conftest import OFFICIAL_DIR
from tests.openapi_fuzzing import call_and_check, fuzz_settings, wsgi_schema

REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

pytestmark = pytest.mark.skipif(OFFICIAL_DIR is None, reason="needs HSDS_SPEC_DIR (make hsds-conformance)")


def local(node: object) -> object:
    """The official document with each remote schema replaced by the local file's content."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REMOTE):
            assert OFFICIAL_DIR is not None
            path = OFFICIAL_DIR / "schema" / ref.removeprefix(REMOTE)
            return json.loads(json.dumps(CompileToJsonSchema(input_filename=str(path)).get()))
        return {key: local(value) for key, value in node.items()}
    if isinstance(node, list):
        return [local(item) for item in node]
    return node


@pytest.fixture
def official_schema(directory):
    assert OFFICIAL_DIR is not None
    raw = local(json.loads((OFFICIAL_DIR / "schema" / "openapi.json").read_text()))
    raw["servers"] = [{"url": "/api/hsds"}]
    # Random ids name nothing (a 404): each detail operation also gets an id that exists.
    from resourcemap.hsds import mapping, taxonomy

    site = directory[0]
    existing = {
        "/services/{id}": mapping.service_id(site),
        "/service_at_locations/{id}": mapping.service_at_location_id(site),
        "/organizations/{id}": mapping.organization_id(site.organization),
        "/taxonomies/{id}": taxonomy.taxonomy_id(taxonomy.CATEGORIES),
        "/taxonomy_terms/{id}": taxonomy.term_id(taxonomy.CATEGORIES, site.category.code),
    }
    for path, value in existing.items():
        raw["paths"][path]["parameters"][0]["example"] = value
    schemathesis.experimental.OPEN_API_3_1.enable()
    with wsgi_schema(raw) as loaded:
        yield loaded


schema = schemathesis.from_pytest_fixture("official_schema")


@pytest.mark.django_db
@schema.parametrize()
@fuzz_settings(max_examples=40)
def test_it_answers_the_official_openapi_without_failures(case, settings):
    checks = [not_a_server_error, response_schema_conformance]
    if (case.query or {}).get("format") != "ndjson":
        checks.append(content_type_conformance)
    call_and_check(case, settings, checks)
