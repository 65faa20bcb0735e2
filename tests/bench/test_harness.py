"""The benchmark harness fails loudly: a deliberately broken answer makes `make bench`'s runner exit non-zero.

bench_import at a small size through bench/run_all.py (what `make bench` runs), with
--break-answer: one written row is altered before the answer checks, so the checksum check
must catch it and the runner must exit 1, while the checks that still hold pass.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_it_exits_non_zero_on_a_broken_answer() -> None:
    done = subprocess.run(
        [sys.executable, "bench/run_all.py", "bench_import", "--", "--rows", "200", "--no-shipped", "--break-answer"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    output = done.stdout
    assert done.returncode == 1, output + done.stderr[-3000:]
    assert "answer check: checksum of what was written = checksum of the file" in output
    assert "checksum of the file: " in output and " WRONG" in output
    assert "answer check: sites written = rows of the file: 200 of 200 OK" in output
    assert "calibration: fixed CPU loop" in output
    assert "bench_import: FAILED" in output
    assert "=== 1 benchmarks in" in output and "FAILED: bench_import" in output
