"""Property-based run over the OpenAPI schema (schemathesis): no 500, no answer that breaks the schema.

Bounded: 25 derandomized examples per operation, so the run is repeatable and short.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture
def api_schema(make_site, boundaries):
    make_site(name="园岭党群服务中心", lon=114.02, lat=22.52, district=boundaries["futian"], phones=["0755-1"],
              opening_hours=[{"day": 0, "opens": "09:00", "closes": "18:00"}])
    make_site(name="福田儿童医院", category="childrens_hospital", lon=114.05, lat=22.55, min_age=0, max_age=14)
    make_site(name="龙岗特殊教育学校", category="special_school", lon=114.25, lat=22.7, status="temporarily_closed",
              location_precision="street")
    raw = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.from_dict(raw, app=get_wsgi_application())
    # Requests go through the real WSGI handler; as Django's test client does, keep its
    # end-of-request hook from closing the test's database connection (and transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    # The schema document itself is not an API answer to fuzz.
    yield loaded.exclude(path="/api/v1/schema/")
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.from_pytest_fixture("api_schema")


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_it_never_fails_or_breaks_its_schema(case, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    response = case.call_wsgi()
    case.validate_response(
        response,
        checks=(not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance),
    )
