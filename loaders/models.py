"""Every applied import is recorded: who, when, which file (kept for download), what it did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    MODE_CHOICES = [("update", _("update")), ("full_list", _("full list"))]
    STATUS_CHOICES = [("applied", _("applied"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("user")
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=64)
    mode = models.CharField(_("mode"), max_length=12, choices=MODE_CHOICES)
    crs = models.CharField(_("coordinate system"), max_length=8)
    dry_run = models.BooleanField(_("dry run"), default=False)
    added = models.PositiveIntegerField(_("added"), default=0)
    changed = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    retired = models.PositiveIntegerField(_("retired"), default=0)
    invalid = models.PositiveIntegerField(_("invalid"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=STATUS_CHOICES, default="applied")
    report = models.JSONField(_("report"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.source}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def change_reason(self) -> str:
        """history_change_reason of the history rows this import wrote (the column holds 100)."""
        return f"import {self.pk}: {self.file_name}"[:100]
