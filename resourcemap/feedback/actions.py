"""State changes of problem reports, each one atomic and explicit."""

from __future__ import annotations

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
