"""In Chromium: a law page reads by chapter and leads to an article; a search highlights."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.policies.conftest import UNPROTECTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loaded():
    """The shipped laws (the categories they link to are re-seeded by tests/conftest.py)."""
    call_command("load_policies", "--commit", stdout=io.StringIO())


def test_it_opens_a_law_and_follows_the_contents_to_an_article(live_server, page, loaded):
    page.goto(f"{live_server.url}/policies/{UNPROTECTED}/")
    assert page.locator("h2").first.inner_text() == "中华人民共和国未成年人保护法"
    page.get_by_role("link", name="第六章 政府保护").click()
    assert page.url.endswith("#chapter-6")
    page.locator("#article-11 h5 a").click()
    page.wait_for_url(f"**/policies/{UNPROTECTED}/2024-04-26/11/")
    assert "应当立即向公安、民政、教育等有关部门报告" in page.locator("article").inner_text()
    assert page.get_by_role("link", name="在地图上查看未成年人保护中心/工作站").is_visible()
    assert page.errors == [] and page.external_requests == []


def test_it_searches_in_traditional_chinese_and_highlights_the_matches(live_server, page, loaded):
    page.goto(f"{live_server.url}/en/policies/")
    page.get_by_label("Search laws and articles").fill("臨時監護")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/en/policies/search/?q=*")
    assert "articles match" in page.locator("h2").inner_text()
    marks = page.locator("mark")
    assert marks.count() > 0
    assert set(marks.all_inner_texts()) == {"临时监护"}
    assert page.locator("section.policies-result-law h3 a").first.inner_text() == "中华人民共和国未成年人保护法"
    assert page.errors == [] and page.external_requests == []
