"""Large imports as background jobs: the admin uploads, the worker (a real one, on the test
database) checks the file and applies the confirmed plan, the progress page follows it; a
second import is told at once that one is running; a stale lock is reported and broken."""

from __future__ import annotations

import re
import time
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from loaders import jobs
from loaders.apply import IMPORT_LOCK_KEY
from loaders.models import ImportJob, ImportRun
from resourcemap.directory.models import ServicePoint
from tests.loaders.files import site, write_csv
from tests.loaders.worker import import_worker  # noqa: F401 (fixture)

UPLOAD = "/admin/loaders/importrun/upload/"


def upload(client, path: Path, mode: str = "update"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "source": "manual",
                                "crs": "wgs84", "mode": mode, "sheet": ""})


def job_id(response) -> int:
    assert response.status_code == 302, response.content.decode()[:2000]
    return int(re.search(r"/job/(\d+)/", response["Location"]).group(1))


@pytest.mark.django_db(transaction=True)
def test_the_worker_checks_and_applies_a_large_upload(boundaries, admin_client, import_worker, tmp_path):  # noqa: F811
    rows = [site(f"b-{n}", f"服务站{n}", lon=114.0 + n / 100_000) for n in range(1200)]
    response = upload(admin_client, write_csv(tmp_path / "large.csv", rows))
    validate = jobs.wait_until_finished(job_id(response))
    assert (validate.kind, validate.status, validate.rows_done, validate.rows_total) == ("validate", "done", 1200, 1200)
    assert not ServicePoint.objects.exists()

    preview = admin_client.get(f"/admin/loaders/importrun/job/{validate.pk}/", follow=True)
    assert preview.context["counts"]["added"] == 1200
    token = preview.context["token"]
    applied = jobs.wait_until_finished(job_id(admin_client.post(f"/admin/loaders/importrun/preview/{token}/confirm/")))
    assert applied.status == "done", applied.message
    assert ServicePoint.objects.count() == 1200 and ImportRun.objects.get().added == 1200

    progress = admin_client.get(f"/admin/loaders/importrun/job/{applied.pk}/progress/").json()
    assert (progress["status"], progress["percent"], progress["rows_done"]) == ("done", 100, 1200)
    result = admin_client.get(f"/admin/loaders/importrun/job/{applied.pk}/")
    assert result["Location"].endswith(f"/{applied.import_run_id}/result/")


@pytest.mark.django_db(transaction=True)
def test_the_apply_reports_rows_written_as_it_writes(boundaries, admin_client, import_worker, tmp_path):  # noqa: F811
    rows = [site(f"w-{n}", f"写入站{n}", lon=114.0 + n / 100_000) for n in range(6000)]
    validate = jobs.wait_until_finished(job_id(upload(admin_client, write_csv(tmp_path / "rows.csv", rows))))
    token = admin_client.get(f"/admin/loaders/importrun/job/{validate.pk}/", follow=True).context["token"]
    applying = job_id(admin_client.post(f"/admin/loaders/importrun/preview/{token}/confirm/"))

    seen = []  # what the progress bar polls, read as fast as the test can until the job ends
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        progress = admin_client.get(f"/admin/loaders/importrun/job/{applying}/progress/").json()
        seen.append(progress)
        if progress["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert seen[-1]["status"] == "done", seen[-1]
    running = [p for p in seen if p["status"] == "running" and p["rows_total"] == 6000]
    # The worker writes the rows at most every half second: how many part-way values the page
    # catches depends on the machine's speed (the browser test's 20,000 rows always show some;
    # test_the_command_prints_rows_written_as_it_writes checks every 10 %).
    assert running and running[0]["rows_done"] < 6000
    assert [p["rows_done"] for p in running] == sorted(p["rows_done"] for p in running)
    assert all(p["percent"] < 100 for p in running)  # 100 % only once committed
    assert (seen[-1]["percent"], seen[-1]["rows_done"]) == (100, 6000)
    assert ServicePoint.objects.count() == 6000


@pytest.mark.django_db(transaction=True)
def test_a_file_the_worker_cannot_use_is_reported_on_the_job_page(admin_client, import_worker, tmp_path):  # noqa: F811
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "external_id,name\na-1,儿童福利院\n".encode("gbk"))
    job = jobs.wait_until_finished(job_id(upload(admin_client, path)))
    assert job.status == "failed" and "字节顺序标记" in job.message  # "byte-order mark", in zh-Hans
    page = admin_client.get(f"/admin/loaders/importrun/job/{job.pk}/")
    assert "字节顺序标记" in page.text


@pytest.mark.django_db
def test_a_second_import_is_told_at_once_that_one_is_running(boundaries, admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = upload(admin_client, write_csv(tmp_path / "a.csv", [site("a-1", "甲")]))
    token = re.search(r"/preview/([^/]+)/", response["Location"]).group(1)
    ImportJob.objects.create(kind="apply", token="someone-elses", status="running")

    started = time.monotonic()
    confirmed = admin_client.post(f"/admin/loaders/importrun/preview/{token}/confirm/", follow=True)
    assert time.monotonic() - started < 5
    assert "另一项导入正在进行" in confirmed.text  # "Another import is running", in the admin's zh-hans
    assert not ServicePoint.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_lock_held_too_long_is_reported_and_can_be_broken(admin_client, settings):
    db = connection.settings_dict
    holder = psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"],
                             dbname=db["NAME"])
    holder.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])  # a transaction that never ends
    try:
        assert jobs.lock_holder() is not None and jobs.another_import_running()
        settings.IMPORT_LOCK_MAX_MINUTES = 30
        assert "stale-import-lock" not in admin_client.get("/admin/loaders/importrun/").text
        time.sleep(1.1)
        settings.IMPORT_LOCK_MAX_MINUTES = 0  # anything held is now too long
        page = admin_client.get("/admin/loaders/importrun/").text
        assert 'id="stale-import-lock"' in page
        pid = jobs.stale_lock()["pid"]
        broken = admin_client.post("/admin/loaders/importrun/lock/break/", {"pid": pid}, follow=True)
        assert "导入锁已解除" in broken.text  # "The import lock was broken", in zh-Hans
        for _ in range(50):
            if jobs.lock_holder() is None:
                break
            time.sleep(0.1)
        assert jobs.lock_holder() is None
    finally:
        holder.close()
