"""Production settings: `manage.py check --deploy` is clean under the environment that
.env.example documents, and the production command (gunicorn, docs/deploy.md) loads the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def production_environment() -> dict[str, str]:
    """Exactly the variables of .env.example (KEY=VALUE lines), with the database pointed at the
    test server, and nothing from the test run's own environment but PATH."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value
    db = connection.settings_dict
    env["DATABASE_URL"] = f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return env


def test_it_documents_a_production_environment():
    env = production_environment()
    assert env["DEBUG"] == "false"
    assert env["SECURE_HTTPS"] == "true"
    assert len(env["SECRET_KEY"]) >= 50


def test_it_passes_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_environment(), capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNING" not in output


def test_it_fails_check_deploy_with_debug_on():
    """The check above can fail: the same environment with DEBUG on is reported."""
    env = production_environment() | {"DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def test_it_loads_the_app_with_the_documented_gunicorn_command():
    gunicorn = Path(sys.executable).with_name("gunicorn")
    result = subprocess.run(
        [str(gunicorn), "--check-config", "--print-config", "resourcemap.wsgi:application"],
        cwd=ROOT, env=production_environment(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "resourcemap.wsgi:application" in (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
