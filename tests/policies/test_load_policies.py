"""load_policies: the shipped file loads completely, and loading it again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError

from resourcemap.policies.models import Article, CategoryArticleLink, Law
from resourcemap.search.models import SearchAbbreviation
from tests.policies.conftest import UNPROTECTED, shipped_rows


def snapshot() -> dict[str, list]:
    return {
        "laws": list(Law.objects.order_by("pk").values()),
        "articles": list(Article.objects.order_by("pk").values()),
        "links": list(CategoryArticleLink.objects.order_by("pk").values()),
        "abbreviations": list(SearchAbbreviation.objects.order_by("pk").values()),
    }


def test_it_loads_every_law_and_article_with_its_version_date(policies):
    rows = shipped_rows()
    assert Article.objects.count() == len(rows) == 733
    assert Law.objects.count() == len({(r["law_short"], r["version_date"]) for r in rows}) == 11
    law = Law.objects.get(slug=UNPROTECTED)
    assert (law.title, law.version_date, law.is_current) == ("中华人民共和国未成年人保护法", date(2024, 4, 26), True)
    article = law.articles.get(number=11)
    assert article.label == "第十一条"
    assert article.slug == "11"
    assert article.chapter == "第一章 总 则"
    assert "应当立即向公安、民政、教育等有关部门报告" in article.text
    assert "LawRefBook" in law.source


def test_it_changes_nothing_when_loaded_again(policies, load_policies):
    before = snapshot()
    output = load_policies()
    assert snapshot() == before
    assert "articles added: 0, changed: 0, unchanged: 733" in output
    assert "category mapping: added: 0, changed: 0" in output


def test_it_writes_nothing_on_a_dry_run(load_policies):
    output = load_policies("--dry-run")
    assert "[dry run]" in output and "articles added: 733" in output
    assert Law.objects.count() == 0 and Article.objects.count() == 0


def test_it_names_the_row_and_field_of_a_bad_article(load_policies, write_json):
    rows = shipped_rows()[:3]
    rows[1]["article_no"] = "two"
    with pytest.raises(CommandError, match=r"row 2: field 'article_no'"):
        load_policies(write_json(rows))
    rows[1]["article_no"] = 2
    rows[2]["version_date"] = "29/12/2018"
    with pytest.raises(CommandError, match=r"row 3: field 'version_date'"):
        load_policies(write_json(rows))
    assert Law.objects.count() == 0


def test_it_names_the_line_and_column_of_a_bad_mapping_row(policies, load_policies, tmp_path):
    mapping = tmp_path / "mapping.csv"
    mapping.write_text(
        "category_code,law,article_number,chapter,note\n"
        "special_school,义务教育法,19,,\n"
        "special_school,不存在的法,1,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"mapping.csv line 3: column 'law'"):
        load_policies("--mapping", mapping)
    mapping.write_text(
        "category_code,law,article_number,chapter,note\nno_such_category,义务教育法,19,,\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match=r"line 2: column 'category_code'"):
        load_policies("--mapping", mapping)
    mapping.write_text("category_code,law,article_number,chapter,note\nkindergarten,义务教育法,999,,\n")
    with pytest.raises(CommandError, match=r"line 2: column 'article_number': 义务教育法 has no article 999"):
        load_policies("--mapping", mapping)
