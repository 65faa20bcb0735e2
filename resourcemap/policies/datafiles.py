"""Loads the small CSV files of data/policy/: the category ↔ article mapping, the search
abbreviations and the article keywords. Every loader is idempotent and names the row and
column of any bad value."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q

from resourcemap.directory.models import Category
from resourcemap.policies.importer import ImportFileError
from resourcemap.policies.mapping import laws_matching, link_errors
from resourcemap.policies.models import HOTLINE_TOPIC, Article, CategoryArticleLink
from resourcemap.search.models import SearchAbbreviation


@dataclass
class CsvReport:
    added: int = 0
    changed: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"added: {self.added}, changed: {self.changed}, unchanged: {self.unchanged}"


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise ImportFileError(f"{path.name}: missing column(s) {', '.join(missing)}")
            # Line 1 is the header; rows starting with # are comments.
            return [
                (line, {k: (v or "").strip() for k, v in row.items() if k})
                for line, row in enumerate(reader, start=2)
                if not (row.get(columns[0]) or "").startswith("#")
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ImportFileError(f"{path}: cannot read CSV: {exc}") from exc


def _number(value: str, where: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ImportFileError(f"{where}: article_number '{value}' is not a positive whole number")
    return int(value)


def load_category_links(path: Path) -> CsvReport:
    report = CsvReport()
    for line, row in _rows(path, ("category_code", "law", "article_number", "chapter")):
        where = f"{path.name} line {line}"
        law = laws_matching(row["law"])
        if law is None:
            raise ImportFileError(f"{where}: column 'law': no law named '{row['law']}'")
        number = _number(row["article_number"], where)
        code = row["category_code"]
        category = None if code == HOTLINE_TOPIC else Category.objects.filter(code=code).first()
        if category is None and code != HOTLINE_TOPIC:
            raise ImportFileError(f"{where}: column 'category_code': unknown category code '{code}'")
        wanted = CategoryArticleLink(
            category=category, law_slug=law.slug, article_number=number,
            chapter="" if number else row["chapter"], note=row.get("note", ""), sort_order=line * 10,
        )
        errors = link_errors(wanted)
        if errors:
            raise ImportFileError(f"{where}: " + "; ".join(f"column '{k}': {v}" for k, v in errors.items()))
        existing = CategoryArticleLink.objects.filter(
            category=wanted.category, law_slug=wanted.law_slug,
            article_number=wanted.article_number, chapter=wanted.chapter,
        ).first()
        if existing is None:
            wanted.save()
            report.added += 1
        elif (existing.note, existing.sort_order) != (wanted.note, wanted.sort_order):
            existing.note, existing.sort_order = wanted.note, wanted.sort_order
            existing.save(update_fields=["note", "sort_order"])
            report.changed += 1
        else:
            report.unchanged += 1
    return report


def load_abbreviations(path: Path) -> CsvReport:
    report = CsvReport()
    for line, row in _rows(path, ("abbreviation", "full_form")):
        if not row["abbreviation"] or not row["full_form"]:
            raise ImportFileError(f"{path.name} line {line}: abbreviation and full_form are both required")
        existing = SearchAbbreviation.objects.filter(short_form=row["abbreviation"]).first()
        if existing is None:
            SearchAbbreviation.objects.create(short_form=row["abbreviation"], full_form=row["full_form"])
            report.added += 1
        elif existing.full_form != row["full_form"]:
            existing.full_form = row["full_form"]
            existing.save(update_fields=["full_form"])
            report.changed += 1
        else:
            report.unchanged += 1
    return report


def load_keywords(path: Path) -> CsvReport:
    """Keywords go on the article of that number in every version of the law."""
    report = CsvReport()
    for line, row in _rows(path, ("law", "article_number", "keywords")):
        where = f"{path.name} line {line}"
        law = laws_matching(row["law"])
        if law is None:
            raise ImportFileError(f"{where}: column 'law': no law named '{row['law']}'")
        number = _number(row["article_number"], where)
        articles = list(Article.objects.filter(Q(law__slug=law.slug), number=number))
        if not articles:
            raise ImportFileError(f"{where}: column 'article_number': {law.short_name} has no article {number}")
        for article in articles:
            if article.keywords == row["keywords"]:
                report.unchanged += 1
                continue
            article.keywords = row["keywords"]
            article.refresh_search_columns()
            article.save(update_fields=["keywords", "search_text", "search_grams"])
            report.changed += 1
    return report
