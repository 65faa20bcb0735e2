"""The library's pages answer in all three languages, with stable article URLs and links to
the map."""

from __future__ import annotations

import pytest

from tests.policies.conftest import UNPROTECTED

ARTICLE = f"/policies/{UNPROTECTED}/2024-04-26/11/"
PAGES = [
    "/policies/",
    f"/policies/{UNPROTECTED}/",
    f"/policies/{UNPROTECTED}/2024-04-26/",
    ARTICLE,
    "/policies/search/?q=强制报告",
    "/policies/categories/special_school/",
    "/policies/categories/hotline/",
]
# (URL prefix, <html lang>, a heading of the index page in that language)
LANGUAGES = [("", "zh-hans", "保护儿童的政策法规"), ("/zh-hant", "zh-hant", "保護兒童的政策法規"),
             ("/en", "en", "Policies and laws that protect children")]
ENGLISH_NOTE = "The laws are published in Chinese only"


@pytest.mark.parametrize(("prefix", "lang", "heading"), LANGUAGES)
def test_it_serves_every_page_in_each_language(client, policies, prefix, lang, heading):
    for path in PAGES:
        response = client.get(prefix + path)
        html = response.content.decode()
        assert response.status_code == 200, path
        assert f'<html lang="{lang}">' in html, path
        assert (ENGLISH_NOTE in html) == (lang == "en"), path
        assert "Content-Security-Policy" in response.headers, path
        assert "<script>" not in html and "style=" not in html, path


@pytest.mark.parametrize(("prefix", "lang", "heading"), LANGUAGES)
def test_it_translates_the_interface(client, policies, prefix, lang, heading):
    html = client.get(prefix + "/policies/").content.decode()
    assert heading in html
    # The legal title stays Chinese; traditional-Chinese pages show it converted (OpenCC).
    title = "中華人民共和國未成年人保護法" if lang == "zh-hant" else "中华人民共和国未成年人保护法"
    assert title in html


def test_it_lists_the_laws_with_their_version_dates(client, policies):
    html = client.get("/policies/").content.decode()
    assert f'href="/policies/{UNPROTECTED}/"' in html
    assert "2024-04-26 版" in html and "2003-06-20 版" in html


def test_it_shows_a_law_by_chapter_with_links_to_each_article(client, policies):
    response = client.get(f"/policies/{UNPROTECTED}/")
    chapters = [chapter for chapter, _sections in response.context["chapters"]]
    assert chapters[0] == "第一章 总 则" and "第六章 政府保护" in chapters and len(chapters) == 9
    html = response.content.decode()
    assert f'href="{ARTICLE}"' in html
    assert html.index("第一章 总 则") < html.index("第六章 政府保护") < html.index("第九章 附 则")


def test_it_serves_each_article_at_a_stable_url(client, policies):
    html = client.get(ARTICLE).content.decode()
    assert "未成年人保护法 第十一条" in html
    assert "应当立即向公安、民政、教育等有关部门报告" in html
    assert f'href="/policies/{UNPROTECTED}/2024-04-26/10/"' in html  # previous
    assert f'href="/policies/{UNPROTECTED}/2024-04-26/12/"' in html  # next
    assert client.get(f"/policies/{UNPROTECTED}/2024-04-26/999/").status_code == 404
    assert client.get(f"/policies/{UNPROTECTED}/1999-01-01/11/").status_code == 404
    assert client.get("/policies/no-such-law/").status_code == 404


def test_it_links_an_article_to_the_services_it_grounds_on_the_map(client, policies):
    html = client.get("/policies/yiwujiaoyufa/2018-12-29/19/").content.decode()
    assert 'href="/?category=special_school"' in html
    assert 'href="/?category=primary_school&amp;category=secondary_school&amp;category=special_school"' in html
    english = client.get("/en/policies/yiwujiaoyufa/2018-12-29/19/").content.decode()
    assert 'href="/en/?category=special_school"' in english
    assert "Special-education school on the map" in english


def test_it_shows_a_category_page_with_its_legal_basis_and_a_map_link(client, policies):
    html = client.get("/policies/categories/relief_station/").content.decode()
    assert "法律依据：救助管理站" in html
    assert 'href="/?category=relief_station"' in html
    assert 'href="/policies/chengshishenghuowuzhuodeliulangqitaorenyuanjiuzhuguanlibanfa/2003-06-20/1/"' in html
    assert client.get("/policies/categories/no_such_code/").status_code == 404


def test_it_shows_the_duty_to_report_beside_the_hotline_number(client, policies):
    html = client.get("/policies/").content.decode()
    box = html[html.index("policies-hotline-basis"):]
    assert 'href="tel:12345,6"' in box[:1000]
    assert f'href="{ARTICLE}"' in box[:2000]
    article_page = client.get(ARTICLE).content.decode()
    assert "请拨打未成年人保护热线" in article_page and 'href="tel:12345,6"' in article_page
    assert "请拨打未成年人保护热线" not in client.get(f"/policies/{UNPROTECTED}/2024-04-26/12/").content.decode()
