"""Search across articles, through /policies/search/: simplified and traditional are the same,
one- and two-character queries work, abbreviations expand, matches are highlighted and
escaped, results are grouped by law."""

from __future__ import annotations

import csv
import re

from django.core.cache import caches

from resourcemap.caching import PUBLIC_CACHE
from resourcemap.search.normalize import normalize
from tests.policies.conftest import POLICY_DIR, UNPROTECTED, shipped_rows


def found(client, q: str) -> list[tuple[str, int]]:
    # The context exists only when the page is rendered, not when it comes from the cache of
    # public answers (resourcemap/caching.py): this helper reads the rendered context.
    caches[PUBLIC_CACHE].clear()
    results = client.get("/policies/search/", {"q": q}).context["results"]
    return [(law.short_name, article.number) for law, articles in results for article, *_ in articles]


def expected(needle: str) -> set[tuple[str, int]]:
    """Articles whose text or keywords contain the needle, computed from the data files."""
    with (POLICY_DIR / "article_keywords.csv").open(encoding="utf-8") as handle:
        keywords = {
            (row["law"], int(row["article_number"])): row["keywords"]
            for row in csv.DictReader(handle)
            if not row["law"].startswith("#")
        }
    return {
        (r["law_short"], r["article_no"])
        for r in shipped_rows()
        if needle in normalize(r["text"]) or needle in normalize(keywords.get((r["law_short"], r["article_no"]), ""))
    }


def test_it_finds_a_phrase_in_simplified_chinese(client, policies):
    assert set(found(client, "临时监护")) == expected("临时监护") != set()


def test_it_finds_the_same_articles_for_traditional_chinese(client, policies):
    assert found(client, "臨時監護") == found(client, "临时监护")
    assert found(client, "兒童福利機構") == found(client, "儿童福利机构") != []


def test_it_answers_one_and_two_character_queries(client, policies):
    assert set(found(client, "童")) == expected("童")
    assert set(found(client, "欺凌")) == expected("欺凌") != set()
    assert set(found(client, "孤")) == expected("孤") != set()


def test_it_expands_abbreviations(client, policies):
    response = client.get("/policies/search/", {"q": "未保法"})
    assert [law.slug for law in response.context["named_laws"]] == [UNPROTECTED]
    articles = found(client, "未保法")
    assert sum(1 for law, _n in articles if law == "未成年人保护法") == 132
    assert set(found(client, "家暴")) >= expected("家庭暴力")


def test_it_finds_the_mandatory_reporting_article_by_its_common_name(client, policies):
    assert ("未成年人保护法", 11) in found(client, "强制报告")
    assert found(client, "未保法 强制报告") == [("未成年人保护法", 11), ("未成年人保护法", 117)]


def test_it_requires_every_space_separated_word(client, policies):
    both = set(found(client, "监护人 学校"))
    assert both == expected("监护人") & expected("学校") != set()


def test_it_highlights_matches(client, policies):
    html = client.get("/policies/search/", {"q": "臨時監護"}).content.decode()
    assert "<mark>临时监护</mark>" in html


def test_it_groups_results_by_law_in_library_order(client, policies):
    results = client.get("/policies/search/", {"q": "儿童"}).context["results"]
    laws = [law for law, _articles in results]
    assert len(laws) == len(set(laws)) > 1
    assert [law.sort_order for law in laws] == sorted(law.sort_order for law in laws)
    for law, articles in results:
        numbers = [a.number for a, *_ in articles]
        assert all(a.law_id == law.pk for a, *_ in articles) and numbers == sorted(numbers)


def test_it_escapes_imported_text_before_marking_matches(client, load_policies, write_json, tmp_path):
    row = {
        "law_title": "测试条例", "law_short": "测试条例", "version_date": "2020-01-01", "chapter": None,
        "section": None, "article_label": "第一条", "article_no": 1,
        "text": '<script>alert("儿童")</script><b>儿童</b>',
    }
    empty = tmp_path / "empty.csv"
    empty.write_text("category_code,law,article_number,chapter\n", encoding="utf-8")
    keywords = tmp_path / "keywords.csv"
    keywords.write_text("law,article_number,keywords\n", encoding="utf-8")
    load_policies(write_json([row]), "--mapping", empty, "--keywords", keywords)
    html = client.get("/policies/search/", {"q": "儿童"}).content.decode()
    assert "<script>alert" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;<mark>儿童</mark>&quot;)&lt;/script&gt;&lt;b&gt;<mark>儿童</mark>&lt;/b&gt;" in html
    # The query itself is echoed escaped, too.
    echoed = client.get("/policies/search/", {"q": "<i>儿童</i>"}).content.decode()
    assert "<i>儿童</i>" not in echoed and "&lt;i&gt;儿童&lt;/i&gt;" in echoed


def test_it_says_so_when_nothing_matches(client, policies):
    response = client.get("/policies/search/", {"q": "量子计算机"})
    assert response.context["count"] == 0
    assert re.search("没有匹配的条文", response.content.decode())


def test_a_search_typed_on_the_list_page_answers_like_the_search_page(client, policies):
    caches[PUBLIC_CACHE].clear()
    listed = client.get("/policies/", {"q": "临时监护"})
    assert listed.status_code == 200
    found_there = [(law.short_name, article.number) for law, articles in listed.context["results"]
                   for article, *_ in articles]
    assert set(found_there) == expected("临时监护") != set()
    again = client.get("/policies/", {"q": "临时监护"})  # the second from the cache of public answers
    assert again.status_code == 200 and again.context is None
    assert again.content == listed.content
    plain = client.get("/policies/")
    assert plain.status_code == 200 and "results" not in (plain.context or {})
