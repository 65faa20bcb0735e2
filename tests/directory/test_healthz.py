import pytest

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_the_database_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok"
    assert health["database"]["status"] == "ok"
    assert health["database"]["postgis"].startswith("3.")
    # Each part on its own; without REPLICA_DATABASE_URL there is no replica to report on.
    assert health["replica"] == {"status": "not configured"}
    assert health["queue"] == {"status": "ok", "pending": 0, "running": 0, "oldest_pending_seconds": None}


def test_it_reports_waiting_import_jobs(client):
    from loaders.tasks import run_import_job

    run_import_job.defer(job_id=0)  # waits: no worker runs in this test
    queue = client.get("/healthz").json()["queue"]
    assert (queue["status"], queue["pending"], queue["running"]) == ("ok", 1, 0)
    assert queue["oldest_pending_seconds"] >= 0


def test_it_answers_503_when_the_database_is_down(client, monkeypatch):
    from django.db import DatabaseError, connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == {"status": "error", "error": "DatabaseError"}


def test_a_plain_http_probe_is_not_redirected(client, settings):
    """With the HTTPS redirect on, /healthz still answers over plain HTTP; other pages redirect."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/policies/").status_code == 301
