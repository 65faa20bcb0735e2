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
        if job.status != "done":
            raise RuntimeError(f"checking the file failed: {job.message}")
        checked = time.perf_counter()
        to_preview = client.get(f"/admin/loaders/importrun/job/{job.pk}/")["Location"]
        token = re.search(r"/preview/([^/]+)/", to_preview).group(1)
        preview = client.get(to_preview)
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
    if applied.status != "done":
        print(f"admin path: the apply job failed: {applied.message}")
    print(f"admin path: {rows} rows upload -> done {total:.1f} s ({rows / total:.0f} rows/s), job {applied.status}, "
          f"added {applied.import_run.added if applied.import_run else 0}; worker peak RSS {worker_mb:.0f} MB; "
          f"target < 90 s")


def main() -> None:
    """The admin path alone, on its own scratch database: bench_import_admin.py [--rows 100000]."""
    import argparse

    from scratch import admin_sql, scratch_urls

    parser = argparse.ArgumentParser(description="import benchmark: the admin path alone")
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    url = scratch_urls("bench_import_admin")[0]
    admin_sql(url, "DROP DATABASE IF EXISTS bench_import_admin")
    admin_sql(url, "CREATE DATABASE bench_import_admin")
    data = BASE_DIR / "bench" / "data"
    data.mkdir(exist_ok=True)
    os.environ.update(DATABASE_URL=url, MEDIA_ROOT=str(data / "media"), GEOCODER="",
                      DJANGO_SETTINGS_MODULE="resourcemap.settings")
    import django

    django.setup()
    from bench_import import generate
    from django.core.management import call_command

    print(f"admin path benchmark ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})", flush=True)
    try:
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        if (BASE_DIR / "data" / "boundaries").exists():
            call_command("load_boundaries", "--commit", stdout=open(os.devnull, "w"))  # noqa: SIM115
        generated = data / f"generated_{rows}.csv"
        if not generated.exists():
            generate(generated, rows)
        admin_path(generated, rows)
    finally:
        from django.db import connections

        connections.close_all()
        admin_sql(url, "DROP DATABASE IF EXISTS bench_import_admin WITH (FORCE)")


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    main()
