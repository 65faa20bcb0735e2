"""Issue 7's links from the map's pages: a site's legal basis, and the duty to report beside
the hotline on every page."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def laws():
    call_command("load_policies", "--commit", stdout=io.StringIO())


def test_it_shows_the_legal_basis_on_a_site_page(client, laws, make_site):
    site = make_site(name="元平特殊教育学校", category="special_school")
    html = client.get(f"/sites/{site.pk}/").content.decode()
    assert "legal-basis" in html
    assert "义务教育法" in html or "残疾人保障法" in html


def test_it_links_the_duty_to_report_from_the_hotline_help(client, laws):
    # The hotline bar explains the number and links the help page; the law (for adults) is there.
    html = client.get("/").content.decode()
    assert 'href="/help/"' in html[html.index('class="hotline"'):]
    assert "/policies/categories/hotline/" in client.get("/help/").content.decode()
    duty = client.get("/policies/categories/hotline/").content.decode()
    assert "第十一条" in duty


def test_it_links_the_duty_in_every_language(client, laws):
    assert "/en/policies/categories/hotline/" in client.get("/en/help/").content.decode()
    assert "第十一條" in client.get("/zh-hant/help/").content.decode()
