"""Which articles ground which service categories, both ways.

The mapping rows (CategoryArticleLink) name a law by slug or short name and either one
article number or a chapter (part of its title; * = the whole law); they resolve against the current
version of the law.
"""

from __future__ import annotations

from django.db.models import Q

from resourcemap.directory.models import Category
from resourcemap.directory.version_memo import VersionMemo, data_stamp
from resourcemap.policies.models import Article, CategoryArticleLink, Law
from resourcemap.search.normalize import normalize

WHOLE_LAW = "*"


def _chapter_matches(wanted: str, chapter: str) -> bool:
    if wanted.strip() == WHOLE_LAW:
        return True
    return bool(wanted) and normalize(wanted) in normalize(chapter)


def link_errors(link: CategoryArticleLink) -> dict[str, str]:
    """Field name -> message for a mapping row that does not resolve (admin form and CSV)."""
    errors: dict[str, str] = {}
    if (link.article_number is None) == (not link.chapter):
        errors["article_number"] = "give either an article number or a chapter, not both"
        return errors
    law = Law.objects.current().filter(slug=link.law_slug).first()
    if law is None:
        errors["law_slug"] = f"no law with slug '{link.law_slug}'"
    elif link.article_number is not None and not law.articles.filter(number=link.article_number).exists():
        errors["article_number"] = f"{law.short_name} has no article {link.article_number}"
    elif link.chapter and not any(
        _chapter_matches(link.chapter, c) for c in law.articles.values_list("chapter", flat=True).distinct()
    ):
        errors["chapter"] = f"{law.short_name} has no chapter matching '{link.chapter}'"
    return errors


def _articles_for_links(links: list[CategoryArticleLink]) -> list[Article]:
    if not links:
        return []
    slugs = {link.law_slug for link in links}
    candidates = list(Article.objects.current().filter(law__slug__in=slugs).select_related("law").defer("search_text", "search_grams"))
    chosen: dict[int, Article] = {}
    for link in links:
        for article in candidates:
            if article.law.slug != link.law_slug:
                continue
            if link.article_number is not None:
                hit = article.number == link.article_number
            else:
                hit = _chapter_matches(link.chapter, article.chapter)
            if hit and article.pk not in chosen:
                chosen[article.pk] = article
    order = {slug: i for i, slug in enumerate(dict.fromkeys(link.law_slug for link in links))}
    return sorted(chosen.values(), key=lambda a: (order[a.law.slug], a.number))


def legal_basis_for(category: Category | str) -> list[Article]:
    """The current articles that ground a category (or 'hotline'), in mapping order.

    Working them out reads every current article of the linked laws (~380 rows for a site
    page, a third of its time); the answer depends only on the data, so each process keeps the
    chosen articles per data version (resourcemap.directory.version).
    """
    code = category if isinstance(category, str) else category.code
    stamp = data_stamp()
    articles = chosen_articles.get(stamp, code)
    if articles is None:
        articles = _articles_for_links(list(CategoryArticleLink.objects.for_category(code)))
        chosen_articles.put(stamp, code, articles)
    return list(articles)


# category code -> its articles (with their law), read-only once kept: templates only read them.
chosen_articles: VersionMemo[list[Article]] = VersionMemo(size=512)


def category_codes_for(article: Article) -> list[str]:
    """Codes of the categories whose legal basis includes this article (any version of it)."""
    codes = []
    for link in CategoryArticleLink.objects.for_law(article.law.slug).of_categories().select_related("category"):
        if link.article_number is not None:
            hit = link.article_number == article.number
        else:
            hit = _chapter_matches(link.chapter, article.chapter)
        if hit:
            codes.append(link.category_code)
    return list(dict.fromkeys(codes))


def categories_for(article: Article) -> list[Category]:
    codes = category_codes_for(article)
    return sorted(Category.objects.filter(code__in=codes), key=lambda c: codes.index(c.code))


def linked_category_codes() -> list[str]:
    return list(
        CategoryArticleLink.objects.of_categories()
        .values_list("category__code", flat=True).distinct().order_by("category__code")
    )


def laws_matching(name: str) -> Law | None:
    """The current law named by slug, short name or full title (CSV rows may use any)."""
    name = (name or "").strip()
    return Law.objects.current().filter(Q(slug=name) | Q(short_name=name) | Q(title=name)).first()
