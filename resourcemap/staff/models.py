"""Which organizations an organization editor may edit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationEditor(models.Model):
    """Links a staff user to an organization whose service points they may edit.

    A user may edit several organizations (one row each). Data administrators need no row:
    they edit everything.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_links",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="editor_links",
        verbose_name=_("organization"),
    )

    class Meta:
        verbose_name = _("organization editor")
        verbose_name_plural = _("organization editors")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="staff_unique_editor_organization"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"
