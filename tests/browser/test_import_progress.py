"""A 20,000-row import from the admin in Debian's Chromium: the worker checks the file and then
applies it while the page's progress bar climbs to 100 %, under the Content-Security-Policy."""

from __future__ import annotations

import re
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from resourcemap.directory.models import ServicePoint
from tests.loaders.files import site, write_csv
from tests.loaders.worker import import_worker  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-browser-password-123"
ROWS = 20_000


def stuck_report(tmp_path: Path) -> str:
    """What the database's sessions wait on, this process's threads and the worker's log:
    printed when the page stays on the job page, so a hang in CI can be diagnosed."""
    lines = ["database sessions:"]
    with connection.cursor() as cursor:  # the test's own connection (transaction=True: autocommit)
        cursor.execute(
            "SELECT pid, application_name, state, wait_event_type, wait_event, now() - xact_start,"
            " left(query, 200) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        lines.extend(f"  {row}" for row in cursor.fetchall())
        cursor.execute("SELECT pid, locktype, relation::regclass::text, mode FROM pg_locks WHERE NOT granted")
        lines.extend(f"  waiting: {row}" for row in cursor.fetchall())
    lines.append("threads of the test process:")
    for thread_id, frame in sys._current_frames().items():
        lines.append(f"  thread {thread_id}:")
        lines.extend("    " + line.rstrip() for line in traceback.format_stack(frame)[-12:])
    log = tmp_path / "worker.log"
    lines.append("worker log (last 40 lines):")
    lines.extend(log.read_text(errors="replace").splitlines()[-40:] if log.exists() else ["  (none)"])
    return "\n".join(lines)


def follow_progress(page: Any, tmp_path: Path, timeout: float = 300) -> list[int]:
    """The bar's values, read until the page leaves the job page."""
    seen: list[int] = []
    started = time.monotonic()
    deadline = started + timeout
    while "/job/" in page.url and time.monotonic() < deadline:
        try:
            seen.append(int(page.locator("#import-progress").evaluate("bar => bar.value", timeout=5000)))
        except Exception:  # noqa: BLE001 - the page navigated away between the check and the read
            break
        time.sleep(0.1)
    # A read can fail because the navigation destroyed the page before page.url names the next
    # one (seen in CI): wait for the URL itself, for what is left of the time.
    try:
        page.wait_for_url(lambda url: "/job/" not in url, timeout=max(deadline - time.monotonic(), 1) * 1000)
    except PlaywrightTimeout:
        pytest.fail(f"still on the job page after {time.monotonic() - started:.0f} s: {seen[-5:]}\n"
                    f"{stuck_report(tmp_path)}")
    return seen


def test_a_20000_row_import_shows_its_progress_to_100_percent(
    live_server, page, boundaries, django_user_model, import_worker, tmp_path: Path  # noqa: F811
):
    rows = [site(f"p-{n}", f"进度站点{n}", lon=114.0 + (n % 4000) / 100_000, lat=22.5 + (n // 4000) / 1000)
            for n in range(ROWS)]
    path = write_csv(tmp_path / "twenty-thousand.csv", rows)
    django_user_model.objects.create_superuser("importer", password=PASSWORD)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "importer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + "/admin/loaders/importrun/upload/")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_source", "progress-test")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/job/\d+/"))
    checking = follow_progress(page, tmp_path)
    page.wait_for_url(re.compile(r"/preview/"))
    assert page.locator(".count-added").inner_text() == str(ROWS)
    assert checking[-1] == 100 and any(0 < value < 100 for value in checking), checking[::10]

    page.click("input[name=confirm]")
    page.wait_for_url(re.compile(r"/job/\d+/"))
    page.screenshot(path=str(tmp_path / "import-progress.png"))
    applying = follow_progress(page, tmp_path)
    page.wait_for_url(re.compile(r"/result/"))
    assert applying[-1] == 100 and any(0 < value < 100 for value in applying), applying[::10]  # by rows
    assert ServicePoint.objects.filter(source="progress-test").count() == ROWS
    assert page.errors == []
