"""Chapters per law match the shipped file; the corrected 未成年人网络保护条例 reloads in place."""

from __future__ import annotations

from collections import defaultdict

from resourcemap.policies.importer import law_slug
from resourcemap.policies.models import Article, Law
from tests.policies.conftest import shipped_rows

ONLINE_PROTECTION = "未成年人网络保护条例"


def chapters_in_file() -> dict[str, set[str]]:
    chapters: dict[str, set[str]] = defaultdict(set)
    for row in shipped_rows():
        chapters[law_slug(row["law_short"])].add((row["chapter"] or "").strip())
    return chapters


def test_it_loads_the_chapters_of_every_law_as_the_file_has_them(policies):
    expected = chapters_in_file()
    for law in Law.objects.all():
        loaded = set(law.articles.values_list("chapter", flat=True))
        assert loaded == expected[law.slug], law.short_name
    assert len(expected[law_slug(ONLINE_PROTECTION)]) == 7


def test_no_article_of_the_online_protection_rules_ends_with_a_chapter_title(policies):
    law = Law.objects.get(slug=law_slug(ONLINE_PROTECTION))
    titles = {chapter.split(" ", 1)[1] for chapter in chapters_in_file()[law.slug] if chapter}
    for article in law.articles.all():
        last_line = article.text.splitlines()[-1].strip()
        assert last_line not in titles, article.label
    assert law.articles.get(number=13).chapter == "第二章 网络素养促进"


def test_reloading_the_corrected_law_over_the_old_extract_keeps_article_urls(load_policies, write_json):
    rows = shipped_rows()
    # The first extract, rebuilt: every article under 第一章, and each chapter's last article
    # ending with the next chapter's title.
    old = [dict(row) for row in rows]
    ours = [row for row in old if row["law_short"] == ONLINE_PROTECTION]
    for row, following in zip(ours, ours[1:] + [None], strict=True):
        if following is not None and following["chapter"] != row["chapter"]:
            row["text"] += "\n" + following["chapter"].split(" ", 1)[1]
    for row in ours:
        row["chapter"] = "第一章 总 则"
    load_policies(write_json(old, "old.json"))
    law = Law.objects.get(slug=law_slug(ONLINE_PROTECTION))
    before = dict(law.articles.values_list("slug", "pk"))
    urls_before = {article.get_absolute_url() for article in law.articles.all()}

    output = load_policies()

    assert "laws added: 0" in output and "articles added: 0, changed: 60," in output
    assert dict(law.articles.values_list("slug", "pk")) == before
    assert {article.get_absolute_url() for article in law.articles.all()} == urls_before
    assert Article.objects.filter(law=law, chapter="第一章 总 则").count() == 0
