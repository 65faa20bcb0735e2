"""Importing a newer version of a law keeps the old article URLs working, marks them
superseded and links them to the current text."""

from __future__ import annotations

import pytest

from resourcemap.policies.mapping import legal_basis_for
from resourcemap.policies.models import Article, Law
from tests.policies.conftest import UNPROTECTED, shipped_rows

OLD_URL = f"/policies/{UNPROTECTED}/2024-04-26/11/"
NEW_URL = f"/policies/{UNPROTECTED}/2026-06-01/11/"
AMENDED = "（修订后的测试文本）发现未成年人受到侵害的，应当立即报告。"


@pytest.fixture
def newer_version(policies, load_policies, write_json):
    """A modified copy of 未成年人保护法: new version date, article 11 reworded, article 133 added."""
    rows = [dict(r) for r in shipped_rows() if r["law_short"] == "未成年人保护法"]
    for row in rows:
        row["version_date"] = "2026-06-01"
        if row["article_no"] == 11:
            row["text"] = AMENDED
    rows.append({**rows[-1], "article_no": 133, "article_label": "第一百三十三条", "text": "新增的测试条文。"})
    path = write_json(rows, "unprotected-2026.json")
    output = load_policies(path)
    return path, output


def test_it_adds_the_new_version_as_current_and_supersedes_the_old(newer_version):
    _path, output = newer_version
    old = Law.objects.get(slug=UNPROTECTED, version_date="2024-04-26")
    new = Law.objects.get(slug=UNPROTECTED, version_date="2026-06-01")
    assert (old.is_current, old.superseded_by, new.is_current) == (False, new, True)
    assert "superseded: ['未成年人保护法 (2024-04-26)']" in output
    assert Article.objects.filter(law=old).count() == 132
    assert Article.objects.filter(law=new).count() == 133


def test_it_keeps_the_old_article_url_and_links_it_to_the_current_text(client, newer_version):
    old_page = client.get(OLD_URL)
    assert old_page.status_code == 200
    html = old_page.content.decode()
    assert "应当立即向公安、民政、教育等有关部门报告" in html  # the old wording, still there
    assert "已被新版本取代" in html
    assert f'href="{NEW_URL}"' in html
    new_page = client.get(NEW_URL).content.decode()
    assert AMENDED in new_page and "已被新版本取代" not in new_page


def test_it_redirects_the_versionless_url_to_the_current_text(client, newer_version):
    response = client.get(f"/policies/{UNPROTECTED}/11/")
    assert response.status_code == 302 and response["Location"] == NEW_URL
    assert client.get(f"/policies/{UNPROTECTED}/").context["law"].version == "2026-06-01"


def test_it_points_the_mapping_and_the_search_at_the_current_text(client, newer_version):
    hotline = legal_basis_for("hotline")
    reporting = next(a for a in hotline if a.law.slug == UNPROTECTED and a.number == 11)
    assert reporting.law.version == "2026-06-01"
    results = client.get("/policies/search/", {"q": "修订后的测试文本"}).context["results"]
    assert [(law.version, [a.number for a, *_ in articles]) for law, articles in results] == [("2026-06-01", [11])]
    # The superseded text is no longer found by search.
    old_only = client.get("/policies/search/", {"q": "提出检举、控告"}).context["results"]
    assert all(law.is_current for law, _articles in old_only)


def test_it_changes_nothing_when_the_new_version_is_loaded_again(newer_version, load_policies):
    path, _output = newer_version
    before = list(Law.objects.order_by("pk").values()), list(Article.objects.order_by("pk").values())
    output = load_policies(path)
    assert "laws added: 0 []; superseded: []; articles added: 0, changed: 0" in output
    assert (list(Law.objects.order_by("pk").values()), list(Article.objects.order_by("pk").values())) == before


def test_it_lists_the_earlier_version_on_the_index(client, newer_version):
    html = client.get("/policies/").content.decode()
    assert f'href="/policies/{UNPROTECTED}/2024-04-26/">2024-04-26</a>' in html
    assert "2026-06-01 版" in html


def test_it_keeps_the_current_version_when_an_older_one_is_imported(policies, load_policies, write_json):
    rows = [dict(r, version_date="2020-10-17") for r in shipped_rows() if r["law_short"] == "未成年人保护法"]
    output = load_policies(write_json(rows, "unprotected-2020.json"))
    assert "superseded: []" in output
    current = Law.objects.current().get(slug=UNPROTECTED)
    older = Law.objects.get(slug=UNPROTECTED, version_date="2020-10-17")
    assert current.version == "2024-04-26"
    assert (older.is_current, older.superseded_by) == (False, current)
