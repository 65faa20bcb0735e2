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


class ImportJob(models.Model):
    """A long import step run by the task queue's worker (loaders/jobs.py): validating a large
    upload, or applying a confirmed plan. The admin's progress bar reads it."""

    KIND_CHOICES = [("validate", _("check the file")), ("apply", _("apply the import"))]
    STATUS_CHOICES = [("queued", _("queued")), ("running", _("running")), ("done", _("done")),
                      ("failed", _("failed"))]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=8, choices=KIND_CHOICES)
    token = models.CharField(_("pending import"), max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=8, choices=STATUS_CHOICES, default="queued")
    phase = models.CharField(_("step"), max_length=64, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    allow_mass_retire = models.BooleanField(default=False)
    import_run = models.ForeignKey(ImportRun, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in ("done", "failed")
