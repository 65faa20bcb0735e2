"""A real task-queue worker for the tests: `manage.py procrastinate worker` in a subprocess on
the test database (so tests that use it need django_db(transaction=True)), stopped by the test.
Wait for a job with loaders.jobs.wait_until_finished (shared with bench/bench_import_admin.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.loaders.test_transactions import subprocess_database_url


@pytest.fixture
def import_worker(transactional_db: Any, settings: Any, tmp_path: Path) -> Iterator[subprocess.Popen]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_BACKGROUND_FROM_BYTES = 0  # every upload goes through the worker
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    env = {**os.environ, "DATABASE_URL": subprocess_database_url(), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
           "GEOCODER": "", "IMPORT_MASS_RETIRE_PERCENT": str(settings.IMPORT_MASS_RETIRE_PERCENT)}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker", "--queues", "imports"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    yield worker
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(10)
    log.close()

