"""Pages of the policy and law library: the laws, a law's contents, an article, search and
a category's legal basis."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from resourcemap.caching import cached_public
from resourcemap.directory.models import Category
from resourcemap.policies.mapping import categories_for, legal_basis_for, linked_category_codes
from resourcemap.policies.models import HOTLINE_TOPIC, Article, Law
from resourcemap.policies.search import highlight, search_articles

MAX_QUERY_LENGTH = 100


def map_url(codes: list[str]) -> str:
    """The public map filtered to these categories (the map's URL state: one `category`
    parameter per code, as the map's filter form reads them)."""
    return reverse("map") + "?" + urlencode({"category": codes}, doseq=True)


# /policies/?q=监护 (a search typed where the list is) answers as /policies/search/?q= does.
@cached_public(query=("q",))
def law_list(request: HttpRequest) -> HttpResponse:
    if request.GET.get("q", "").strip():
        return _search_page(request)
    laws = list(Law.objects.current())
    older = {}
    for law in Law.objects.filter(is_current=False).order_by("-version_date"):
        older.setdefault(law.slug, []).append(law)
    categories = Category.objects.filter(code__in=linked_category_codes())
    return render(request, "policies/law_list.html", {
        "laws": [(law, older.get(law.slug, [])) for law in laws],
        "categories": categories,
        "hotline_basis": legal_basis_for(HOTLINE_TOPIC),
    })


def _chapters(articles: list[Article]) -> list[tuple[str, list[tuple[str, list[Article]]]]]:
    """Articles grouped by chapter, then by section, in reading order."""
    return [
        (chapter, [(section, list(items)) for section, items in groupby(in_chapter, key=lambda a: a.section)])
        for chapter, in_chapter in groupby(articles, key=lambda a: a.chapter)
        for in_chapter in [list(in_chapter)]
    ]


@cached_public()
def current_law(request: HttpRequest, law: str) -> HttpResponse:
    current = Law.objects.current().filter(slug=law).first()
    if current is None:
        raise Http404(_("No such law."))
    return _law_page(request, current)


@cached_public()
def law_version(request: HttpRequest, law: str, version: str) -> HttpResponse:
    return _law_page(request, get_object_or_404(Law, slug=law, version_date=version))


def _law_page(request: HttpRequest, law: Law) -> HttpResponse:
    articles = list(law.articles.order_by("number"))
    return render(request, "policies/law_detail.html", {
        "law": law,
        "chapters": _chapters(articles),
        "current": None if law.is_current else Law.objects.current().filter(slug=law.slug).first(),
        "versions": Law.objects.versions_of(law.slug),
    })


@cached_public()
def article(request: HttpRequest, law: str, version: str, article: str) -> HttpResponse:
    found = get_object_or_404(
        Article.objects.select_related("law"), law__slug=law, law__version_date=version, slug=article
    )
    current_text = None
    if not found.law.is_current:
        current_text = Article.objects.current().filter(law__slug=law, slug=article).select_related("law").first()
    neighbours = found.law.articles.order_by("number")
    categories = categories_for(found)
    grounds_hotline = any(a.law.slug == law and a.slug == article for a in legal_basis_for(HOTLINE_TOPIC))
    return render(request, "policies/article_detail.html", {
        "article": found,
        "law": found.law,
        "current_law": None if found.law.is_current else Law.objects.current().filter(slug=law).first(),
        "current_text": current_text,
        "previous": neighbours.filter(number__lt=found.number).last(),
        "next": neighbours.filter(number__gt=found.number).first(),
        "categories": [(c, map_url([c.code])) for c in categories],
        "all_categories_url": map_url([c.code for c in categories]) if len(categories) > 1 else "",
        "grounds_hotline": grounds_hotline,
    })


def current_article(request: HttpRequest, law: str, article: str) -> HttpResponse:
    found = Article.objects.current().filter(law__slug=law, slug=article).select_related("law").first()
    if found is None:
        raise Http404(_("No such article."))
    return redirect(found)


# Law search text names a topic (监护, 家暴), not a place: cached per text like the other pages.
@cached_public(query=("q",))
def search(request: HttpRequest) -> HttpResponse:
    return _search_page(request)


def _search_page(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    query, groups = search_articles(text)
    forms = query.highlight_forms
    results = [
        (law, [(a, [highlight(p, forms) for p in a.paragraphs()], highlight(a.keywords.replace(";", " · "), forms)) for a in articles])
        for law, articles in groups
    ]
    named_laws = list(Law.objects.current().filter(slug__in=query.law_slugs))
    return render(request, "policies/search.html", {
        "q": text,
        "query": query,
        "results": results,
        "count": sum(len(articles) for _law, articles in groups),
        "named_laws": named_laws,
    })


@cached_public()
def category(request: HttpRequest, code: str) -> HttpResponse:
    if code == HOTLINE_TOPIC:
        found, name = None, _("Child-protection hotline")
    else:
        found = get_object_or_404(Category, code=code)
        name = found.name
    articles = legal_basis_for(code)
    return render(request, "policies/category.html", {
        "category": found,
        "name": name,
        "by_law": [(law, list(items)) for law, items in groupby(articles, key=lambda a: a.law)],
        "map_url": map_url([code]) if found else "",
    })
