"""Runs every bench/bench_*.py in turn, prints their figures and records them in bench/RESULTS.md.

Each benchmark is a standalone script that creates and drops its own scratch database and
prints its own figures; this runner only sequences them and keeps the record honest: the file
holds exactly what the scripts printed, with the command, the date and the machine.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.platform()}"


def main(names: list[str]) -> int:
    scripts = sorted(BENCH.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if s.stem in names or s.name in names]
    sections = []
    failed = 0
    for script in scripts:
        command = f"{Path(sys.executable).relative_to(ROOT) if sys.executable.startswith(str(ROOT)) else sys.executable} bench/{script.name}"
        print(f"=== {command}", flush=True)
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False
        )
        elapsed = time.monotonic() - started
        print(result.stdout, end="", flush=True)
        if result.returncode != 0:
            failed += 1
            print(result.stderr[-4000:], file=sys.stderr)
        status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
        sections.append(
            f"## {script.stem}\n\nCommand: `{command}` ({status}, {elapsed:.0f} s)\n\n```\n{result.stdout.strip()}\n```\n"
        )
    header = (
        "# Benchmark results\n\n"
        f"Recorded by `make bench` (bench/run_all.py) on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.\n"
        f"Machine: {machine()}.\n\n"
        "Each section is the unedited output of one script.\n\n"
    )
    if not names:
        (BENCH / "RESULTS.md").write_text(header + "\n".join(sections), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
