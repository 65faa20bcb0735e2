"""Property-based run over the OpenAPI schema (schemathesis): no 500, no answer that breaks the schema.

Bounded: 25 derandomized examples per operation, so the run is repeatable and short.
"""

from __future__ import annotations

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.openapi_fuzzing import call_and_check, fuzz_settings, wsgi_schema


@pytest.fixture
def api_schema(make_site, boundaries):
    make_site(name="园岭党群服务中心", lon=114.02, lat=22.52, district=boundaries["futian"], phones=["0755-1"],
              opening_hours=[{"day": 0, "opens": "09:00", "closes": "18:00"}])
    make_site(name="福田儿童医院", category="childrens_hospital", lon=114.05, lat=22.55, min_age=0, max_age=14)
    make_site(name="龙岗特殊教育学校", category="special_school", lon=114.25, lat=22.7, status="temporarily_closed",
              location_precision="street")
    raw = SchemaGenerator().get_schema(request=None, public=True)
    with wsgi_schema(raw) as loaded:
        # The schema document itself is not an API answer to fuzz.
        yield loaded.exclude(path="/api/v1/schema/")


schema = schemathesis.from_pytest_fixture("api_schema")


@pytest.mark.django_db
@schema.parametrize()
@fuzz_settings(max_examples=25)
def test_it_never_fails_or_breaks_its_schema(case, settings):
    call_and_check(case, settings,
                   checks=(not_a_server_error, status_code_conformance, content_type_conformance,
                           response_schema_conformance))
