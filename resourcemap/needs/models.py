"""The needs vocabulary: what families and social workers ask for (心理, 孤独症, 欺凌, 家暴 ...),
with the categories of service that meet each need and the law articles that ground it.

Stored as data (data/needs.csv, loaded by `load_needs`) and edited by data administrators in
the admin. Plain model fields and methods, so the search, the API and HSDS all read it.
"""

from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from resourcemap.directory.models import Category, TranslatedNameMixin


class NeedQuerySet(models.QuerySet):
    def for_categories(self) -> NeedQuerySet:
        return self.prefetch_related("categories")


class Need(TranslatedNameMixin, models.Model):
    GROUP_CHOICES = [
        ("safety", _("Safety and protection")),
        ("health", _("Health")),
        ("disability", _("Disability and special needs")),
        ("education", _("Education")),
        ("family", _("Family support")),
        ("hardship", _("Hardship")),
        ("legal", _("Legal help")),
        ("community", _("Community")),
    ]

    code = models.SlugField(_("code"), max_length=64, unique=True)
    group = models.CharField(_("group"), max_length=16, choices=GROUP_CHOICES)
    name_zh_hans = models.CharField(_("name (simplified Chinese)"), max_length=100)
    name_zh_hant = models.CharField(_("name (traditional Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    synonyms = models.CharField(
        _("everyday words"), max_length=500, blank=True,
        help_text=_("Words people type for this need (家暴; 被打; 不想上学), separated by ;"),
    )
    categories = models.ManyToManyField(
        Category, related_name="needs", blank=True, verbose_name=_("categories that meet it")
    )
    articles = models.CharField(
        _("legal basis"), max_length=300, blank=True,
        help_text=_("Law short name and article number, e.g. 未成年人保护法:11; 反家庭暴力法:14"),
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return self.name_zh_hans

    def words(self) -> list[str]:
        """Every name and everyday word, as typed (not normalised)."""
        names = [self.name_zh_hans, self.name_zh_hant, self.name_en]
        return [w.strip() for w in [*names, *self.synonyms.split(";")] if w.strip()]

    def article_refs(self) -> list[tuple[str, int]]:
        """(law short name, article number) pairs from `articles`."""
        refs = []
        for part in self.articles.split(";"):
            law, _sep, number = part.strip().partition(":")
            if law and number.strip().isdigit():
                refs.append((law.strip(), int(number)))
        return refs

    def category_codes(self) -> list[str]:
        return [category.code for category in self.categories.all()]
