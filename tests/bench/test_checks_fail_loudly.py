"""Each benchmark's answer checks can fail: with --break-answer, at a small size, the script
exits 1 and names the wrong answer, while the checks that still hold pass.

bench_import's own self-test (through bench/run_all.py, what `make bench` runs) is in
test_harness.py; these are the other scripts with a --break-answer switch.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def run_broken(script: str, *arguments: str) -> str:
    done = subprocess.run([sys.executable, f"bench/{script}.py", *arguments, "--break-answer"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900, check=False)
    output = done.stdout
    assert done.returncode == 1, output + done.stderr[-3000:]
    assert output.startswith("calibration: fixed CPU loop") or "\ncalibration: fixed CPU loop" in output
    assert f"{script}: FAILED" in output
    return output


def line_of(output: str, start: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(start))


def test_it_catches_a_wrong_geocoding_error_table() -> None:
    output = run_broken("bench_geocode")
    assert "answer check: road-level median error < 1000 m: " in output
    assert "m WRONG" in output
    assert "answer check: data/gazetteer_errors.csv = this run's leave-one-out table: 0/6" in output
    assert "ratio target: texts located in the time of one calibration loop = " in output


def test_it_catches_a_wrong_responsible_district() -> None:
    output = run_broken("bench_responsible", "--sites", "3000", "--requests", "20")
    assert "answer check: shipped data: every lookup answered 200: 0 errors of 20 OK" in output
    assert "answer check: shipped data: district = the statutory outline covering the point (raw SQL): " in output
    assert "points WRONG" in output
    assert "ratio target: lookup p50 / interleaved /healthz p50 at 3,000 sites = " in output


def test_it_catches_a_wrong_row_written_by_the_admin_door() -> None:
    output = run_broken("bench_import_admin", "--rows", "200")
    assert line_of(output, "answer check: command line: checksum of what was written").endswith(" OK")
    assert "answer check: command line: sites written = rows of the file: 200 of 200 OK" in output
    assert "answer check: admin path: the apply job finished done: done OK" in output
    assert line_of(output, "answer check: admin path: checksum of what was written").endswith(" WRONG")
    assert "ratio target: admin upload -> done / command line dry run + commit = " in output
