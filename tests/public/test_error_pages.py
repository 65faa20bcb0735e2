"""400, 403, 404 and 500 pages: the request's language, the hotline, navigation, no inline
code (DEBUG is off in tests, as in production)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def assert_friendly(html: str) -> None:
    assert 'href="tel:12345,6"' in html  # the hotline
    assert 'id="quick-exit"' in html
    assert re.search(r"<script>(?!\s*</script>)", html) is None  # no inline script (CSP)
    assert " style=" not in html


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("", "页面不存在"), ("/zh-hant", "頁面不存在"), ("/en", "Page not found")],
)
def test_it_answers_404_in_the_request_language(client, prefix, title):
    response = client.get(f"{prefix}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title in html
    assert_friendly(html)
    assert f'href="{prefix}/"' in html  # back to the map, in the same language


def test_it_answers_a_missing_site_with_the_same_page(client):
    response = client.get("/en/sites/999999/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.urls("tests.public.crash_urls")
def test_it_answers_500_with_the_hotline_in_the_language():
    client = Client(raise_request_exception=False)
    response = client.get("/en/crash/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "deliberate failure" not in html  # no traceback or message
    assert_friendly(html)
    zh = Client(raise_request_exception=False).get("/crash/")
    assert "服务器出错了" in zh.content.decode()


@pytest.mark.urls("tests.public.crash_urls")
def test_it_answers_403_in_the_language(client):
    response = client.get("/zh-hant/forbidden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "您無法打開此頁面" in html
    assert_friendly(html)


def test_it_answers_a_bad_host_with_400(client):
    response = client.get("/en/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The request could not be understood" in html
    assert_friendly(html)
