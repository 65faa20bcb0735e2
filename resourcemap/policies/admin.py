"""Admin for the law library. Laws and articles come from load_policies; the category
mapping, keywords and search abbreviations are edited here."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from resourcemap.policies.models import Article, CategoryArticleLink, Law


@admin.register(Law)
class LawAdmin(admin.ModelAdmin):
    list_display = ["short_name", "version_date", "is_current", "superseded_by", "slug", "sort_order"]
    list_filter = ["is_current"]
    search_fields = ["title", "short_name", "slug"]
    readonly_fields = ["slug", "version_date", "is_current", "superseded_by"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "chapter", "number", "keywords"]
    list_filter = ["law__is_current", "law"]
    search_fields = ["label", "text", "keywords"]
    list_select_related = ["law"]
    readonly_fields = ["law", "slug", "number"]

    def save_model(self, request: HttpRequest, obj: Article, form: object, change: bool) -> None:
        obj.refresh_search_columns()
        super().save_model(request, obj, form, change)


@admin.register(CategoryArticleLink)
class CategoryArticleLinkAdmin(admin.ModelAdmin):
    list_display = ["category_code", "law_slug", "article_number", "chapter", "note", "sort_order"]
    list_filter = ["category", "law_slug"]
    list_select_related = ["category"]
    search_fields = ["category__code", "law_slug", "chapter", "note"]
