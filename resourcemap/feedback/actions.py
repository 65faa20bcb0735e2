"""State changes of problem reports, each one atomic and explicit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from resourcemap.feedback.models import ProblemReport


@transaction.atomic
def submit_report(site: Any, kind: str, details: str, contact: str) -> ProblemReport:
    return ProblemReport.objects.create(site=site, kind=kind, details=details, contact=contact)


@transaction.atomic
def moderate_reports(reports: QuerySet[ProblemReport], status: str, user: Any) -> int:
    """Accepts or rejects the pending reports among `reports`; returns how many changed."""
    if status not in (ProblemReport.Status.ACCEPTED, ProblemReport.Status.REJECTED):
        raise ValueError(f"not a moderation outcome: {status}")
    return reports.pending().update(status=status, moderated_by=user, moderated_at=timezone.now())


@transaction.atomic
def forget_reporter_contacts(after_days: int) -> int:
    """Blanks the contact details of reports closed (accepted or rejected) more than `after_days`
    ago: kept only while someone may need to ask the reporter. Returns how many."""
    cutoff = timezone.now() - timedelta(days=after_days)
    return (
        ProblemReport.objects.exclude(status=ProblemReport.Status.PENDING)
        .filter(moderated_at__lt=cutoff).exclude(contact="").update(contact="")
    )
