"""What every benchmark shares: a calibration figure, answer checks, ratio targets, an exit code.

Absolute timings depend on the machine (the same code measured 3-5x apart on two 2-core
machines of the same kind), so a benchmark's targets are ratios of two figures measured in the
same run, and every absolute figure is printed beside a calibration of the machine it ran on.
A benchmark whose answers are wrong measures nothing: each checks them against an independent
reference and exits non-zero when they disagree, as it does when a ratio target is missed.

    report = Report("bench_nearest")        # prints the calibration line
    report.answer("HTTP = SQL KNN", agree == total, f"{agree}/{total} points")
    report.ratio("HTTP p50 / SQL p50", http_p50, sql_p50, at_most=25)
    return report.finish()                  # 0, or 1 when a check or a target failed
"""

from __future__ import annotations

import os
import socket
import statistics
import time
from dataclasses import dataclass, field

# A fixed amount of pure-Python work (what Django's request handling mostly is). Its time is
# the machine's calibration: divide two runs' absolute figures by their calibrations to compare.
CALIBRATION_LOOP = 1_000_000
CALIBRATION_RUNS = 5


def calibration_ms() -> float:
    """Median milliseconds of CALIBRATION_RUNS runs of the fixed CPU loop."""
    timings = []
    for _ in range(CALIBRATION_RUNS):
        started = time.perf_counter()
        total = 0
        for i in range(CALIBRATION_LOOP):
            total += i * i % 7
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def machine_line() -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load}"


def free_port() -> int:
    """A loopback port free right now (other checkouts run the same benchmarks concurrently)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scratch_name(prefix: str) -> str:
    """A scratch database name unique to this process (a test may run beside `make bench`)."""
    return f"{prefix}_{os.getpid()}"


@dataclass
class Report:
    """Prints each check as it is made and remembers the failures for the exit code."""

    name: str
    failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.calibration = calibration_ms()
        print(f"calibration: fixed CPU loop {self.calibration:.1f} ms ({machine_line()})", flush=True)

    def answer(self, what: str, ok: bool, detail: str) -> bool:
        """An answer checked against an independent reference; a wrong answer fails the run."""
        print(f"answer check: {what}: {detail} {'OK' if ok else 'WRONG'}", flush=True)
        if not ok:
            self.failures.append(f"wrong answer: {what} ({detail})")
        return ok

    def ratio(
        self, what: str, measured: float, reference: float, *, at_most: float | None = None,
        at_least: float | None = None, unit: str = "x",
    ) -> float:
        """measured / reference, both from this run, against its target."""
        value = measured / reference if reference else float("inf")
        bounds = []
        if at_most is not None:
            bounds.append((value <= at_most, f"<= {at_most:g}{unit}"))
        if at_least is not None:
            bounds.append((value >= at_least, f">= {at_least:g}{unit}"))
        met = all(ok for ok, _ in bounds)
        target = " and ".join(text for _, text in bounds) or "no target"
        print(f"ratio target: {what} = {value:.2f}{unit} (target {target}) {'MET' if met else 'NOT MET'}",
              flush=True)
        if not met:
            self.failures.append(f"ratio target missed: {what} = {value:.2f}{unit}, target {target}")
        return value

    def absolute(self, what: str, figure: str, target: str = "") -> None:
        """An absolute figure: printed with this machine's calibration, never a pass/fail."""
        suffix = f"; the old absolute target {target} is informative only" if target else ""
        print(f"absolute (calibration {self.calibration:.1f} ms): {what}: {figure}{suffix}", flush=True)

    def finish(self) -> int:
        if self.failures:
            print(f"{self.name}: FAILED", flush=True)
            for failure in self.failures:
                print(f"  {failure}", flush=True)
            return 1
        print(f"{self.name}: every answer check and ratio target passed", flush=True)
        return 0
