"""What is not kept: expired pending imports, import files no import record names, and
reporters' contact details after REPORTER_CONTACT_RETENTION_DAYS; run by the task queue's
periodic job and by `manage.py purge_expired`."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from loaders import jobs
from loaders.models import ImportJob, ImportRun
from loaders.tasks import purge_expired
from resourcemap.feedback.models import ProblemReport

pytestmark = pytest.mark.django_db


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_it_deletes_expired_pending_imports_and_orphaned_files(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    pending = tmp_path / "imports-pending"
    for token, hours in (("old", 3), ("fresh", 1), ("busy", 5)):
        (pending / token).mkdir(parents=True)
        (pending / token / "upload").write_bytes(b"x")
        age(pending / token, hours)
    ImportJob.objects.create(kind="validate", token="busy", status="running")
    kept = ImportRun(file_name="a.csv", sha256="0" * 64, source="manual", mode="update", crs="wgs84")
    kept.file.save("a.csv", ContentFile(b"a"), save=False)
    kept.save()
    orphan = Path(kept.file.path).with_name("killed-import.csv")
    orphan.write_bytes(b"b")
    recent_orphan = Path(kept.file.path).with_name("running-import.csv")
    recent_orphan.write_bytes(b"c")
    age(orphan, 2)
    age(Path(kept.file.path), 100)

    out = io.StringIO()
    call_command("purge_expired", stdout=out)

    assert sorted(p.name for p in pending.iterdir()) == ["busy", "fresh"]
    assert Path(kept.file.path).exists() and recent_orphan.exists() and not orphan.exists()
    assert "pending imports: 1 deleted" in out.getvalue() and "orphaned import files: 1 deleted" in out.getvalue()


def test_it_forgets_reporters_contacts_90_days_after_closing(make_site) -> None:
    site = make_site()
    long_ago = timezone.now() - timedelta(days=91)
    old = ProblemReport.objects.create(site=site, kind="hours", contact="13800000001", status="accepted",
                                       moderated_at=long_ago)
    recent = ProblemReport.objects.create(site=site, kind="hours", contact="13800000002", status="rejected",
                                          moderated_at=timezone.now() - timedelta(days=89))
    waiting = ProblemReport.objects.create(site=site, kind="hours", contact="13800000003")
    ProblemReport.objects.filter(pk=waiting.pk).update(created_at=long_ago)

    purge_expired(timestamp=int(time.time()))  # the periodic task's body, as the worker calls it

    assert [ProblemReport.objects.get(pk=r.pk).contact for r in (old, recent, waiting)] == [
        "", "13800000002", "13800000003"]
    assert ProblemReport.objects.get(pk=old.pk).details == old.details  # the report itself stays


def test_queue_status_counts_waiting_and_running_jobs() -> None:
    from loaders.tasks import run_import_job

    assert jobs.queue_status() == {"pending": 0, "running": 0, "oldest_pending_seconds": None}
    run_import_job.defer(job_id=1)
    run_import_job.defer(job_id=2)
    status = jobs.queue_status()
    assert (status["pending"], status["running"]) == (2, 0)
    assert 0 <= status["oldest_pending_seconds"] < 60
