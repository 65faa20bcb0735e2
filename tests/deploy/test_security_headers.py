"""The security settings production relies on: a Content-Security-Policy with no inline
script or style, brute-force protection on the admin login, and whitenoise for static files."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/admin/login/", "/"])
def test_it_sends_a_policy_without_inline_script_or_style(client, path):
    directives = policy(client.get(path))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_it_locks_out_the_admin_login_after_repeated_failures(django_user_model):
    django_user_model.objects.create_superuser("boss", password="the-right-password-123")
    client = Client(REMOTE_ADDR="198.51.100.20")
    for _ in range(settings.LOGIN_FAILURES_BEFORE_DELAY - 1):
        assert client.post("/admin/login/", {"username": "boss", "password": "wrong"}).status_code == 200
    assert client.post("/admin/login/", {"username": "boss", "password": "wrong"}).status_code == 429
    locked = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "the-right-password-123"})
    assert locked.status_code == 429
    assert client.get("/admin/").status_code == 302  # still not logged in


def test_it_logs_in_after_fewer_failures(django_user_model):
    django_user_model.objects.create_superuser("boss", password="the-right-password-123")
    client = Client(REMOTE_ADDR="198.51.100.21")
    client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    response = client.post("/admin/login/?next=/admin/", {"username": "boss", "password": "the-right-password-123"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_it_serves_static_files_through_whitenoise(client):
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    response = client.get("/static/staff/location_widget.js")
    assert response.status_code == 200
    assert b"data-location-widget" in b"".join(response.streaming_content)


def test_it_explains_a_csrf_failure_without_inline_style():
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/feedback/report/1/", {"problem": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "<style" not in html and " style=" not in html
    assert "表单已过期" in html and "tel:12345" in html
