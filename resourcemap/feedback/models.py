"""Problem reports from the public about a service point, moderated by staff.

A report stores only what the reporter typed: no IP address (rate limiting uses a salted
hash held briefly in the cache, see ratelimit.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProblemReportQuerySet(models.QuerySet):
    def pending(self) -> ProblemReportQuerySet:
        return self.filter(status=ProblemReport.Status.PENDING)


class ProblemReport(models.Model):
    class Kind(models.TextChoices):
        CLOSED = "closed", _("It has closed or moved")
        LOCATION = "location", _("The location on the map is wrong")
        CONTACT = "contact", _("The phone number or address is wrong")
        HOURS = "hours", _("The opening hours are wrong")
        SERVICES = "services", _("The services or eligibility are wrong")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    site = models.ForeignKey(
        "directory.ServicePoint", on_delete=models.CASCADE, related_name="problem_reports",
        verbose_name=_("service point"),
    )
    kind = models.CharField(_("what is wrong"), max_length=16, choices=Kind.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    contact = models.CharField(_("contact (optional)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False,
        related_name="+", verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    moderator_note = models.TextField(_("moderator's note"), blank=True)

    objects = ProblemReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        indexes = [models.Index(fields=["status", "created_at"], name="feedback_status_created")]

    def __str__(self) -> str:
        return f"{self.site} · {self.get_kind_display()}"
