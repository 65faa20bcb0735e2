"""The OpenAPI schema and Swagger UI, served locally under the CSP."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_it_serves_the_openapi_schema(client):
    response = client.get("/api/v1/schema/", headers={"accept": "application/vnd.oai.openapi+json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in ("/api/v1/sites/", "/api/v1/sites/{site_id}/", "/api/v1/nearest/", "/api/v1/categories/",
                 "/api/v1/districts/", "/api/v1/geocode/", "/api/v1/referral-plan/"):
        assert path in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/v1/nearest/"]["get"]["parameters"]}
    assert {"lat", "lon", "category", "limit", "radius_m", "crs"} <= names


def test_it_serves_swagger_ui_without_inline_script_or_style(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<style" not in html
    assert not re.search(r"<script>", html)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(src.startswith("/") for src in sources)
    init = client.get("/api/v1/docs/?script=")
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_renders_swagger_ui_in_a_browser(live_server, page):
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector("text=/api/v1/nearest/", timeout=15000)
    assert page.errors == []
    assert page.external_requests == []
