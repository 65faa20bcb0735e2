"""The command as an administrator runs it: real process, real exit status, printed plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from loaders import core
from tests.loaders.files import site, write_csv
from tests.loaders.test_transactions import subprocess_database_url


def import_sites(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": subprocess_database_url(), "MEDIA_ROOT": str(tmp_path / "media"),
           "GEOCODER": ""}
    return subprocess.run([sys.executable, "manage.py", "import_sites", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_it_exits_0_1_2_for_valid_invalid_and_unusable(boundaries, tmp_path: Path) -> None:
    valid = write_csv(tmp_path / "ok.csv", [site("a-1", "甲"), site("a-2", "乙", phone="12345")])
    invalid = write_csv(tmp_path / "bad.csv", [site("a-1", "甲"), site("a-2", "乙", lat="北纬22度")])
    report = tmp_path / "report.json"

    ok = import_sites(str(valid), "--report", str(report), tmp_path=tmp_path)
    bad = import_sites(str(invalid), tmp_path=tmp_path)
    missing = import_sites(str(tmp_path / "nope.csv"), tmp_path=tmp_path)
    bad_flag = import_sites(str(valid), "--no-such-flag", tmp_path=tmp_path)

    assert (ok.returncode, bad.returncode, missing.returncode, bad_flag.returncode) == (0, 1, 2, 2)
    # The command speaks the default language (zh-hans).
    assert "2 新增" in ok.stdout and "试运行：未写入任何内容" in ok.stdout
    assert json.loads(report.read_text("utf-8"))["counts"]["added"] == 2
    assert "错误 第 3 行, 列 lat ('北纬22度'): 不是十进制度数" in bad.stdout
    assert "无法读取" in missing.stderr


@pytest.mark.django_db
def test_it_keeps_a_plan_as_json_between_preview_and_confirm(boundaries, tmp_path: Path) -> None:
    plan = core.validate(write_csv(tmp_path / "a.csv", [site("a-1", "甲"), site("a-1", "乙")]), core.ImportParams())
    again = core.Plan.from_json(plan.to_json())

    assert again == plan and again.errors[0].row == 3
    assert again.report()["counts"]["invalid"] == 1


@pytest.mark.django_db
def test_it_keeps_a_bounded_report_with_the_import(boundaries, tmp_path: Path, monkeypatch) -> None:
    from loaders import apply

    monkeypatch.setattr(apply, "REPORT_LIMIT", 2)
    plan = core.validate(write_csv(tmp_path / "a.csv", [site(f"a-{i}", f"站{i}") for i in range(5)]),
                         core.ImportParams())
    run = core.apply(plan)

    assert [c["external_id"] for c in run.report["added"]] == ["a-0", "a-1"]
    assert run.report["truncated"] == {"added": 3}
    assert run.report["counts"]["added"] == run.added == 5


def test_the_command_prints_rows_written_as_it_writes(boundaries, tmp_path: Path) -> None:
    from tests.loaders.doors import command_door

    rows = [site(f"w-{n}", f"写入站{n}", lon=114.0 + n / 100_000) for n in range(3000)]
    outcome = command_door(write_csv(tmp_path / "rows.csv", rows), commit=True)
    assert outcome.exit_code == 0, outcome.output
    # Not a terminal: a plain line per step and per 10 % of the rows written (by rows, not only by step).
    written = [line for line in outcome.output.splitlines() if line.startswith("writing sites: ")]
    assert written[0] == "writing sites: 0/3000 rows (0 %)" and written[-1] == "writing sites: 3000/3000 rows (100 %)"
    assert {"writing sites: 1500/3000 rows (50 %)", "writing sites: 2500/3000 rows (83 %)"} <= set(written), written
