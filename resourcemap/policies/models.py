"""The policy and law library: laws (one row per version), their articles, and which articles
ground which service categories (the search abbreviations are resourcemap.search's).

A law keeps every version it was imported in. `slug` names the law across versions
(pinyin of the short name); a version is (slug, version_date). Article URLs carry both, so a
superseded version's articles stay reachable and can link to the current text.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from resourcemap.directory.models import Category
from resourcemap.policies.querysets import (
    HOTLINE_TOPIC,
    ArticleQuerySet,
    CategoryArticleLinkQuerySet,
    LawQuerySet,
)
from resourcemap.search.normalize import grams, normalize


class Law(models.Model):
    title = models.CharField(_("title"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, help_text=_("Names the law across versions"))
    version_date = models.DateField(_("version date"), help_text=_("Date this version was adopted or amended"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = LawQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "slug", "-version_date"]
        verbose_name = _("law")
        verbose_name_plural = _("laws")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version_date"], name="law_unique_version"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(is_current=True), name="law_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.short_name} ({self.version_date:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("policies:law_version", args=[self.slug, self.version])

    @property
    def version(self) -> str:
        return f"{self.version_date:%Y-%m-%d}"

    def get_current_url(self) -> str:
        return reverse("policies:law", args=[self.slug])


class Article(models.Model):
    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="articles", verbose_name=_("law"))
    chapter = models.CharField(_("chapter"), max_length=200, blank=True)
    section = models.CharField(_("section"), max_length=200, blank=True)
    number = models.PositiveIntegerField(_("article number"))
    label = models.CharField(_("label"), max_length=40, help_text="第十一条")
    slug = models.SlugField(_("slug"), max_length=20, help_text=_("Stable part of the article's URL"))
    text = models.TextField(_("text"))
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True,
        help_text=_("Terms people search for that the text does not contain, separated by ;"),
    )

    # Search columns, filled by refresh_search_columns (never edited by hand): the
    # normalised simplified text and its 1-/2-character grams for the GIN index, as for
    # service points (resourcemap.search).
    search_text = models.TextField(default="", blank=True, editable=False)
    search_grams = ArrayField(models.TextField(), default=list, blank=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["law", "number"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [models.UniqueConstraint(fields=["law", "slug"], name="article_unique_slug")]
        indexes = [GinIndex(fields=["search_grams"], name="article_grams_gin")]

    def __str__(self) -> str:
        return f"{self.law.short_name} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("policies:article", args=[self.law.slug, self.law.version, self.slug])

    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n") if p.strip()]

    def refresh_search_columns(self) -> None:
        """Recomputes the search columns from the label, text and keywords (call before save)."""
        # Chapter titles are left out: 学前儿童 should not find every article of that chapter.
        parts = [self.label, self.text, self.keywords]
        self.search_text = "|".join(normalize(p) for p in parts if p)
        gram_set: set[str] = set()
        for part in parts:
            gram_set |= grams(part or "")
        self.search_grams = sorted(gram_set)


class CategoryArticleLink(models.Model):
    """One row of the category ↔ article mapping: a category (or the hotline) is grounded in
    one article of a law, or in a whole chapter. Refers to the law by slug, not by version,
    so it keeps pointing at the current text when a newer version is imported."""

    # A real foreign key: a category's links go with the category, whatever its code becomes.
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="article_links",
        verbose_name=_("category"), help_text=_("Empty: the link grounds the child-protection hotline"),
    )
    law_slug = models.SlugField(_("law"), max_length=100)
    article_number = models.PositiveIntegerField(_("article number"), null=True, blank=True)
    chapter = models.CharField(
        _("chapter"), max_length=200, blank=True, help_text=_("Part of the chapter title, e.g. 政府保护; * for the whole law")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    objects = CategoryArticleLinkQuerySet.as_manager()

    class Meta:
        ordering = ["category__code", "sort_order", "pk"]
        verbose_name = _("category legal basis")
        verbose_name_plural = _("category legal bases")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(article_number__isnull=True) & ~models.Q(chapter=""))
                | (models.Q(article_number__isnull=False) & models.Q(chapter="")),
                name="categoryarticlelink_article_or_chapter",
            ),
        ]

    def __str__(self) -> str:
        target = f"#{self.article_number}" if self.article_number else self.chapter
        return f"{self.category_code} → {self.law_slug} {target}"

    @property
    def category_code(self) -> str:
        """The category's code, or 'hotline' (the name the data file and the pages use)."""
        return self.category.code if self.category_id is not None else HOTLINE_TOPIC

    def clean(self) -> None:
        from resourcemap.policies.mapping import link_errors

        errors = link_errors(self)
        if errors:
            raise ValidationError(errors)
