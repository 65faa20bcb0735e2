"""The primary stops: the public read path keeps answering from the streaming replica, the
admin and the report form say editing is paused, and an edit succeeds once it is back. A
replica that falls behind (replay paused) is skipped in favour of the primary."""

from __future__ import annotations

import json
import time

from tests.availability.conftest import Failover

FAULT_WINDOW_SECONDS = 30


def public_paths(failover: Failover) -> list[str]:
    return [
        "/",
        f"/sites/{failover.site_id}/",
        "/api/v1/nearest/?lat=22.55&lon=114.05&limit=3",
        "/api/v1/sites/",
    ]


def test_it_keeps_the_read_path_up_while_the_primary_is_stopped(failover: Failover) -> None:
    for path in public_paths(failover):
        assert failover.get(path)[0] == 200, path
    failover.log_in()

    failover.cluster.stop_primary()
    try:
        errors: list[str] = []
        answered = 0
        deadline = time.monotonic() + FAULT_WINDOW_SECONDS
        while time.monotonic() < deadline:
            for path in public_paths(failover):
                status, body = failover.get(path)
                answered += 1
                if status != 200:
                    errors.append(f"{path}: {status}")
            time.sleep(0.1)
        assert errors == []
        assert answered >= 40  # the window was really exercised, not one lucky round
        status, body = failover.get(f"/sites/{failover.site_id}/")
        assert "演练站点0" in body  # the real page, read from the replica

        status, body = failover.get("/en/admin/directory/organization/")
        assert status == 503
        assert "Editing is paused" in body
        assert "12345" in body  # the hotline is on the page
        status, body = failover.get(f"/feedback/report/{failover.site_id}/")
        assert status == 503
        assert "编辑已暂停" in body or "Editing is paused" in body

        status, body = failover.get("/healthz")
        health = json.loads(body)
        assert status == 200 and health["status"] == "degraded"
        assert health["database"]["status"] == "error"
        assert health["replica"]["status"] == "ok"
    finally:
        failover.cluster.start_primary()

    status, body = failover.rename_organization("演练机构（已改名）")
    assert status == 200, body[:500]
    deadline = time.monotonic() + 10
    while "演练机构（已改名）" not in failover.get(f"/sites/{failover.site_id}/")[1]:
        assert time.monotonic() < deadline, "the edit never reached the public site page"
        time.sleep(0.2)


def test_it_reads_from_the_primary_when_the_replica_falls_behind(failover: Failover) -> None:
    failover.log_in()
    failover.cluster.replica("pause")
    try:
        status, body = failover.rename_organization("暂停回放时的名字")
        assert status == 200, body[:500]
        # The replica has not replayed the edit; once it is more than 2 s behind, reads go
        # to the primary and show it.
        deadline = time.monotonic() + 15
        while json.loads(failover.get("/healthz")[1])["replica"]["status"] != "behind":
            assert time.monotonic() < deadline, "the paused replica never reported itself behind"
            time.sleep(0.2)
        assert "暂停回放时的名字" in failover.get(f"/sites/{failover.site_id}/")[1]
    finally:
        failover.cluster.replica("resume")
    deadline = time.monotonic() + 10
    while json.loads(failover.get("/healthz")[1])["replica"]["status"] != "ok":
        assert time.monotonic() < deadline, "the replica did not catch up after replay resumed"
        time.sleep(0.2)


def test_it_falls_back_to_the_primary_when_the_replica_is_down_and_says_so_when_both_are(failover: Failover) -> None:
    failover.cluster.replica("stop")
    try:
        assert failover.get(f"/sites/{failover.site_id}/")[0] == 200  # from the primary
        health = json.loads(failover.get("/healthz")[1])
        assert (health["database"]["status"], health["replica"]["status"]) == ("ok", "error")

        failover.cluster.stop_primary()
        try:
            status, body = failover.get(f"/en/sites/{failover.site_id}/")
            assert status == 503
            assert "The directory is unavailable" in body and "12345" in body
            assert failover.get("/healthz")[0] == 503
        finally:
            failover.cluster.start_primary()
    finally:
        failover.cluster.start_replica()
    assert failover.get(f"/sites/{failover.site_id}/")[0] == 200


def test_a_database_restart_costs_no_request(failover: Failover) -> None:
    """Each worker holds a persistent connection to the primary (the admin reads it); after a
    restart with no request in between, the first request of each worker must not fail on the
    dead connection (CONN_HEALTH_CHECKS)."""
    failover.log_in()
    for _ in range(6):
        assert failover.get("/en/admin/directory/organization/")[0] == 200
    failover.cluster.stop_primary()
    failover.cluster.start_primary()
    statuses = [failover.get("/en/admin/directory/organization/")[0] for _ in range(6)]
    assert statuses == [200] * 6
