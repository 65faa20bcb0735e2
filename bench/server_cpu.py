"""CPU seconds the server side of a benchmark used, read from /proc (the local cluster and the
app run on this machine). Unlike wall time, others' load on a shared machine barely moves them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import psycopg


def cpu_seconds_of(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (None when it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class ServerCpu:
    """CPU seconds used by the app's side only: the gunicorn master's workers and the PostgreSQL
    backends of the scratch database (read from /proc: the cluster runs on this machine). Unlike
    requests/s, others' load on the shared machine barely moves it; this script's own client
    threads are not in it."""

    master_pid: int
    monitor: psycopg.Connection

    def snapshot(self) -> dict[int, float]:
        workers = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children").read_text().split()
        backends = self.monitor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                        "AND pid <> pg_backend_pid()").fetchall()
        pids = [int(pid) for pid in workers] + [row[0] for row in backends]
        return {pid: cpu for pid in pids if (cpu := cpu_seconds_of(pid)) is not None}

    def used_since(self, before: dict[int, float]) -> float:
        # A backend that closed in between (DB_CONN_MAX_AGE) takes its last seconds with it: rare
        # in a slice of seconds, and it can only make a figure smaller.
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in self.snapshot().items())
