"""What the two schemathesis runs share (tests/api/test_openapi_properties.py on our schema,
tests/hsds/test_official_openapi.py on the official HSDS one): loading a schema against the
real WSGI handler inside a test's database transaction, the bounded, repeatable hypothesis
settings, and calling one case with the checks each run chooses.

    @pytest.fixture
    def api_schema(...):
        with wsgi_schema(raw) as loaded:
            yield loaded

    @pytest.mark.django_db
    @schema.parametrize()
    @fuzz_settings(max_examples=25)
    def test_it_...(case, settings):
        call_and_check(case, settings, checks=(not_a_server_error, ...))
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings


@contextmanager
def wsgi_schema(raw: dict[str, Any]) -> Iterator[Any]:
    """The schema `raw`, its requests sent through Django's real WSGI handler."""
    loaded = schemathesis.from_dict(raw, app=get_wsgi_application())
    # As Django's test client does, keep the WSGI handler's end-of-request hook from closing
    # the test's database connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield loaded
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz_settings(max_examples: int) -> hypothesis_settings:
    """Derandomized (the same examples every run) and bounded, so the run is repeatable and short."""
    return hypothesis_settings(
        max_examples=max_examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                               HealthCheck.function_scoped_fixture],
    )


def call_and_check(case: Any, django_settings: Any, checks: Sequence[Callable[..., Any]]) -> None:
    """One generated request through the WSGI handler; its response must pass every check."""
    # An exception in a view surfaces as the test's failure with its traceback, not as a 500 page.
    django_settings.DEBUG_PROPAGATE_EXCEPTIONS = True
    response = case.call_wsgi()
    case.validate_response(response, checks=tuple(checks))
