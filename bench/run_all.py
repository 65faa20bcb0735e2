"""Runs every bench/bench_*.py in turn, records them in bench/RESULTS.md and the README's table.

    .venv/bin/python bench/run_all.py                          # all of them: what `make bench` runs
    .venv/bin/python bench/run_all.py bench_import -- --rows 500   # some, with arguments: no record

Each benchmark is a standalone script that creates and drops its own scratch database, prints
its figures, checks its own answers and ratio targets (bench/harness.py) and exits non-zero
when one fails; this runner exits non-zero when any script did. A full run writes RESULTS.md
headed with the commit it measured, the machine and its calibration, then each script's
unedited output; tests/bench/test_results_current.py fails when that commit falls too far
behind HEAD, so the record cannot go stale silently. The README's figures table is generated
from RESULTS.md (readme_table.py).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from harness import calibration_ms, machine_line
from readme_table import update_readme

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "RESULTS.md"
# The code whose speed RESULTS.md records (tests/bench/test_results_current.py counts commits here).
MEASURED_PATHS = ("resourcemap", "loaders", "bench")


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, Python {platform.python_version()}, {platform.platform()}"


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def measured_commit() -> tuple[str, bool]:
    """(HEAD's hash, whether the measured code has uncommitted changes: then the record names no commit)."""
    changes = git("status", "--porcelain", "--", *MEASURED_PATHS, f":(exclude){RESULTS.relative_to(ROOT)}")
    return git("rev-parse", "HEAD") or "unknown", bool(changes)


def run_script(script: Path, arguments: list[str]) -> tuple[int, str, float]:
    python = Path(sys.executable)
    shown = python.relative_to(ROOT) if python.is_relative_to(ROOT) else python
    command = " ".join([str(shown), f"bench/{script.name}", *arguments])
    print(f"=== {command}", flush=True)
    started = time.monotonic()
    # stdout is the record; stderr (warnings, tracebacks) goes to the terminal only.
    process = subprocess.Popen([sys.executable, str(script), *arguments], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    code = process.wait()
    return code, "".join(lines), time.monotonic() - started


def main(argv: list[str]) -> int:
    names, arguments = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    scripts = sorted(BENCH.glob("bench_*.py"))
    if names:
        unknown = set(names) - {s.stem for s in scripts} - {s.name for s in scripts}
        if unknown:
            print(f"no such benchmark: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        scripts = [s for s in scripts if s.stem in names or s.name in names]
    commit, dirty = measured_commit()
    calibration = calibration_ms()
    started_at = datetime.now(UTC)
    started = time.monotonic()
    sections, failed = [], []
    for script in scripts:
        code, output, elapsed = run_script(script, arguments)
        if code != 0:
            failed.append(script.stem)
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        sections.append(f"## {script.stem}\n\n{status}, {elapsed:.0f} s\n\n```\n{output.strip()}\n```\n")
    total = time.monotonic() - started
    verdict = f"FAILED: {', '.join(failed)}" if failed else "every benchmark passed its answer checks and ratio targets"
    print(f"=== {len(scripts)} benchmarks in {total:.0f} s; {verdict}", flush=True)
    if names or arguments:
        return 1 if failed else 0  # a partial or non-default run is not the record
    header = (
        "# Benchmark results\n\n"
        "Written by `make bench` (bench/run_all.py); do not edit: re-run it and commit this file.\n\n"
        f"Commit: {commit}{' WITH UNCOMMITTED CHANGES to the measured code' if dirty else ''}\n"
        f"Recorded: {started_at:%Y-%m-%d %H:%M} UTC, {total:.0f} s for all {len(scripts)} benchmarks\n"
        f"Machine: {os.cpu_count()} cores, {machine()}\n"
        f"Calibration: fixed CPU loop {calibration:.1f} ms at the start ({machine_line()}); "
        "each benchmark prints its own at its start\n"
        f"Result: {verdict}\n\n"
        "Targets are ratios of two figures measured in the same run; absolute figures depend on the "
        "machine and its load, so compare them across runs only beside their calibration.\n\n"
    )
    RESULTS.write_text(header + "\n".join(sections), encoding="utf-8")
    update_readme()
    print(f"wrote {RESULTS.relative_to(ROOT)} and the README's figures table", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
