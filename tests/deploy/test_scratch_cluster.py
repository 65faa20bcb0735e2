"""A scratch cluster whose script fails says why, with the servers' own logs (bench_load's
failover and the availability tests delete the data directories those logs live in)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.stack import ScratchCluster


def test_a_failing_script_reports_the_end_of_each_server_log(tmp_path: Path):
    (tmp_path / "pgdata").mkdir()
    lines = [f"line {n}" for n in range(100)] + ['FATAL:  could not bind IPv4 address "127.0.0.1"']
    (tmp_path / "pgdata" / "server.log").write_text("\n".join(lines) + "\n")
    with pytest.raises(RuntimeError) as failed:
        ScratchCluster(tmp_path).script("localdb.sh", "no-such-command")
    message = str(failed.value)
    assert "usage:" in message and "pgdata/server.log (last 30 lines)" in message
    assert "could not bind" in message and "line 70\n" not in message and "line 71\n" in message
    assert "replica-data" not in message  # no replica log, none reported
