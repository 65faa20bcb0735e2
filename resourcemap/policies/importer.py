"""Imports laws and articles from the JSON file (LawRefBook/Laws extract, one object per
article: law_title, law_short, version_date, chapter, section, article_label, article_no, text).

Idempotent: a version already in the database is compared article by article and only
differences are written. A new version of a law becomes the current one; the older versions
stay (their article URLs keep working) marked superseded, linked to their successor.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from pypinyin import lazy_pinyin

from resourcemap.policies.models import Article, Law

REQUIRED = ("law_title", "law_short", "version_date", "article_label", "article_no", "text")
ARTICLE_FIELDS = ("chapter", "section", "number", "label", "text")
_SUFFIX_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SUFFIX = re.compile(r"之([一二三四五六七八九十])$")


class ImportFileError(ValueError):
    """The file cannot be imported; the message names the row and field."""


@dataclass
class ArticleRow:
    law_title: str
    law_short: str
    version_date: date
    chapter: str
    section: str
    label: str
    number: int
    text: str
    source: str

    @property
    def slug(self) -> str:
        return article_slug(self.number, self.label)


@dataclass
class ImportReport:
    laws_added: list[str] = field(default_factory=list)
    laws_superseded: list[str] = field(default_factory=list)
    articles_added: int = 0
    articles_changed: int = 0
    articles_unchanged: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.laws_added or self.laws_superseded or self.articles_added or self.articles_changed)

    def summary(self) -> str:
        return (
            f"laws added: {len(self.laws_added)} {self.laws_added}; superseded: {self.laws_superseded}; "
            f"articles added: {self.articles_added}, changed: {self.articles_changed}, "
            f"unchanged: {self.articles_unchanged}"
        )


def law_slug(short_name: str) -> str:
    """Pinyin of the short name: 未成年人保护法 -> weichengnianrenbaohufa."""
    latin = "".join(lazy_pinyin(short_name)).lower()
    return re.sub(r"[^a-z0-9]+", "-", latin).strip("-")[:100]


def article_slug(number: int, label: str) -> str:
    """11 for 第十一条; 11-1 for 第十一条之一 (an article inserted by an amendment)."""
    suffix = _SUFFIX.search(label or "")
    return f"{number}-{_SUFFIX_NUMERALS[suffix.group(1)]}" if suffix else str(number)


def _text(item: dict, key: str, row: int) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFileError(f"row {row}: field '{key}' must be text, not {type(value).__name__}")
    return value.strip()


def parse_rows(path: Path, default_source: str) -> list[ArticleRow]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFileError(f"{path}: cannot read JSON: {exc}") from exc
    if not isinstance(items, list):
        raise ImportFileError(f"{path}: expected a JSON list of articles")
    rows = []
    seen: set[tuple[str, date, str]] = set()
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ImportFileError(f"row {index}: expected an object")
        for key in REQUIRED:
            if item.get(key) in (None, ""):
                raise ImportFileError(f"row {index}: field '{key}' is missing")
        try:
            version = date.fromisoformat(str(item["version_date"]))
        except ValueError as exc:
            raise ImportFileError(f"row {index}: field 'version_date' is not YYYY-MM-DD") from exc
        number = item["article_no"]
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise ImportFileError(f"row {index}: field 'article_no' must be a positive whole number")
        row = ArticleRow(
            law_title=_text(item, "law_title", index), law_short=_text(item, "law_short", index),
            version_date=version, chapter=_text(item, "chapter", index), section=_text(item, "section", index),
            label=_text(item, "article_label", index), number=number, text=_text(item, "text", index),
            source=_text(item, "source", index) or default_source,
        )
        key = (row.law_short, row.version_date, row.slug)
        if key in seen:
            raise ImportFileError(f"row {index}: {row.law_short} {row.version_date} {row.label} appears twice")
        seen.add(key)
        rows.append(row)
    return rows


def _import_version(rows: list[ArticleRow], sort_order: int, report: ImportReport) -> Law:
    first = rows[0]
    slug = law_slug(first.law_short)
    law = Law.objects.filter(slug=slug, version_date=first.version_date).first()
    if law is None:
        law = Law.objects.create(
            slug=slug, version_date=first.version_date, title=first.law_title, short_name=first.law_short,
            source=first.source, is_current=False, sort_order=sort_order,
        )
        report.laws_added.append(str(law))
    else:
        wanted = {"title": first.law_title, "short_name": first.law_short, "source": first.source}
        if any(getattr(law, k) != v for k, v in wanted.items()):
            Law.objects.filter(pk=law.pk).update(**wanted)
    existing = {a.slug: a for a in law.articles.all()}
    new_articles = []
    for row in rows:
        values = {"chapter": row.chapter, "section": row.section, "number": row.number,
                  "label": row.label, "text": row.text}
        article = existing.get(row.slug)
        if article is None:
            article = Article(law=law, slug=row.slug, **values)
            article.refresh_search_columns()
            new_articles.append(article)
            report.articles_added += 1
            continue
        if all(getattr(article, k) == v for k, v in values.items()):
            report.articles_unchanged += 1
            continue
        for key, value in values.items():
            setattr(article, key, value)
        report.articles_changed += 1
        article.refresh_search_columns()
        article.save()
    Article.objects.bulk_create(new_articles)
    return law


def _settle_versions(slug: str, report: ImportReport) -> None:
    """The newest version is current; each older one is superseded by the next newer one."""
    versions = list(Law.objects.versions_of(slug))
    newer: Law | None = None
    changes: list[tuple[Law, bool, Law | None]] = []
    for law in versions:
        if law.is_current != (newer is None) or law.superseded_by_id != (newer.pk if newer else None):
            changes.append((law, newer is None, newer))
        newer = law
    # Clear the old current flag first: at most one current version per law (constraint).
    for law, is_current, successor in sorted(changes, key=lambda change: change[1]):
        was_current = law.is_current
        Law.objects.filter(pk=law.pk).update(is_current=is_current, superseded_by=successor)
        if was_current and not is_current:
            report.laws_superseded.append(str(law))


@transaction.atomic
def import_laws(rows: list[ArticleRow]) -> ImportReport:
    report = ImportReport()
    groups: dict[tuple[str, date], list[ArticleRow]] = {}
    for row in rows:
        groups.setdefault((row.law_short, row.version_date), []).append(row)
    known_orders = dict(Law.objects.values_list("slug", "sort_order"))
    slugs_in_file = list(dict.fromkeys(law_slug(short) for short, _ in groups))
    next_order = max(known_orders.values(), default=0)
    for slug in slugs_in_file:
        if slug not in known_orders:
            next_order += 10
            known_orders[slug] = next_order
    for (short, _version), version_rows in sorted(groups.items(), key=lambda g: g[0][1]):
        _import_version(version_rows, known_orders[law_slug(short)], report)
    for slug in slugs_in_file:
        _settle_versions(slug, report)
    return report
