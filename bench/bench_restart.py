"""A second `make run` on a set-up checkout: seconds until the map answers 200.

Runs `make run PORT=<port>` five times (a port free at run time), each time polling
http://127.0.0.1:<port>/ until it answers, then stops the server. Needs a set-up checkout
(`make setup`); the first, installing run is not what this measures. Answer check: the map
answers 200 within 60 s every time. The old target (issue 2, under 10 s) is absolute: printed
with the machine's calibration, informative only.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from harness import Report, free_port

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "0")) or free_port()
RUNS = 5


def time_one_run() -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        ["make", "-s", "run", f"PORT={PORT}"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while time.perf_counter() - started < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.1)
        return float("inf")  # the answer check below fails the run
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def main() -> int:
    if not (ROOT / ".venv" / ".installed").exists():
        sys.exit("run `make setup` first: this measures a second `make run`")
    subprocess.run(["make", "-s", "setup"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    report = Report("bench_restart")
    seconds = [time_one_run() for _ in range(RUNS)]
    print(f"second `make run` until the map answers 200, {RUNS} runs on 127.0.0.1:{PORT}")
    print(f"each: {', '.join(f'{s:.2f} s' for s in seconds)}")
    answered = sum(s != float("inf") for s in seconds)
    report.answer("the map answered 200 within 60 s", answered == RUNS, f"{answered} of {RUNS} runs")
    report.absolute("second `make run` until the map answers, median / worst",
                    f"{statistics.median(seconds):.2f} s / {max(seconds):.2f} s", target="< 10 s")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
