"""The one abbreviation store: short forms people type (特教, 未保法) and what they stand for,
edited by data administrators in the admin and read by every search (the map and API through
resourcemap.search.aliases, the law library through resourcemap.policies.search)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchAbbreviation(models.Model):
    """A short form people type (未保法) and the full form(s) it stands for (未成年人保护法)."""

    short_form = models.CharField(_("abbreviation"), max_length=50, unique=True)
    full_form = models.CharField(
        _("full form"), max_length=100,
        help_text=_("What the abbreviation stands for; several, separated by ; (特殊教育学校;特殊学校)"),
    )

    class Meta:
        # The table kept its name when the model moved here from the law library (policies).
        db_table = "policies_searchabbreviation"
        ordering = ["short_form"]
        verbose_name = _("search abbreviation")
        verbose_name_plural = _("search abbreviations")

    def __str__(self) -> str:
        return f"{self.short_form} → {self.full_form}"

    def full_forms(self) -> list[str]:
        return [form.strip() for form in self.full_form.split(";") if form.strip()]
