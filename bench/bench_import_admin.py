"""The admin path of the import benchmark (bench_import.py runs it last): a generated file
through upload, preview, confirm and the task queue's worker, timed step by step, with the
worker's peak memory. Target (issue 16): 100,000 rows from upload to done in under 90 s.

The worker is a real `manage.py procrastinate worker` process on the benchmark's database;
the admin is driven through Django's test client as a logged-in superuser.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's own peak resident memory (the fork-pool helpers it starts are not in it)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_for(job_id: int, timeout: float = 600) -> Any:
    from loaders.models import ImportJob

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = ImportJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise RuntimeError(f"import job {job_id} did not finish in {timeout} s")


def admin_path(generated: Path, rows: int) -> None:
    from django.test import override_settings

    # The admin's pages from the static sources (no collectstatic manifest in the scratch setup).
    with override_settings(STORAGES={
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }):
        _admin_path(generated, rows)


def _admin_path(generated: Path, rows: int) -> None:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    settings.IMPORT_BACKGROUND_FROM_BYTES = 0
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
        "bench-admin", password="bench-admin-password-123")
    client = Client()
    client.force_login(user)
    env = {**os.environ, "IMPORT_MASS_RETIRE_PERCENT": "100"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "imports"],
        cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # the worker connects and listens
        content = generated.read_bytes()
        started = time.perf_counter()
        response = client.post("/admin/loaders/importrun/upload/", {
            "file": SimpleUploadedFile(generated.name, content), "source": "bench-admin", "crs": "wgs84",
            "mode": "update", "sheet": ""})
        uploaded = time.perf_counter()
        job = wait_for(int(re.search(r"/job/(\d+)/", response["Location"]).group(1)))
        checked = time.perf_counter()
        preview = client.get(f"/admin/loaders/importrun/job/{job.pk}/", follow=True)
        token = preview.context["token"]
        previewed = time.perf_counter()
        response = client.post(f"/admin/loaders/importrun/preview/{token}/confirm/")
        confirmed = time.perf_counter()
        applied = wait_for(int(re.search(r"/job/(\d+)/", response["Location"]).group(1)))
        done = time.perf_counter()
        worker_mb = peak_rss_mb(worker.pid)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(60)
        except subprocess.TimeoutExpired:
            worker.kill()
    steps = [("upload (request)", uploaded - started), ("check the file (worker)", checked - uploaded),
             (f"preview page ({len(preview.content) // 1024} KB)", previewed - checked),
             ("confirm (request)", confirmed - previewed), ("apply (worker)", done - confirmed)]
    for label, seconds in steps:
        print(f"admin path: {label:<34} {seconds:7.2f} s", flush=True)
    total = done - started
    print(f"admin path: {rows} rows upload -> done {total:.1f} s ({rows / total:.0f} rows/s), job {applied.status}, "
          f"added {applied.import_run.added if applied.import_run else 0}; worker peak RSS {worker_mb:.0f} MB; "
          f"target < 90 s")
