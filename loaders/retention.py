"""What is not kept: run every half hour by the task queue (loaders.tasks.purge_expired) and by
`manage.py purge_expired`.

- pending imports (upload + plan between preview and confirm) older than
  IMPORT_PENDING_MAX_AGE_HOURS, unless a job is still working on them;
- stored import files that no ImportRun names (an import killed or failed after saving its
  file), once they are an hour old so a running import's file is never taken;
- reporters' contact details on problem reports closed more than
  REPORTER_CONTACT_RETENTION_DAYS ago.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from django.conf import settings

from loaders.models import ImportJob, ImportRun
from resourcemap.feedback.actions import forget_reporter_contacts

ORPHAN_GRACE_SECONDS = 3600


def purge_pending(now: float | None = None) -> int:
    from loaders.admin_flow import pending_root

    root = pending_root()
    if not root.is_dir():
        return 0
    cutoff = (now or time.time()) - settings.IMPORT_PENDING_MAX_AGE_HOURS * 3600
    busy = set(ImportJob.objects.filter(status__in=("queued", "running")).values_list("token", flat=True))
    removed = 0
    for directory in root.iterdir():
        if directory.name not in busy and directory.stat().st_mtime < cutoff:
            shutil.rmtree(directory, ignore_errors=True)
            removed += 1
    return removed


def purge_orphan_files(now: float | None = None) -> int:
    root = Path(settings.MEDIA_ROOT) / "imports"
    if not root.is_dir():
        return 0
    kept = set(ImportRun.objects.exclude(file="").values_list("file", flat=True))
    cutoff = (now or time.time()) - ORPHAN_GRACE_SECONDS
    removed = 0
    for path in root.rglob("*"):
        if path.is_file() and path.relative_to(settings.MEDIA_ROOT).as_posix() not in kept:
            if path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def purge_expired() -> dict[str, int]:
    return {
        "pending imports": purge_pending(),
        "orphaned import files": purge_orphan_files(),
        "reporters' contacts": forget_reporter_contacts(settings.REPORTER_CONTACT_RETENTION_DAYS),
    }
