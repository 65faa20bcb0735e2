"""A scratch primary with its streaming replica and gunicorn in front, for the failover tests.

The scratch cluster is started by the project's own scripts (scripts/localdb.sh and
scripts/replica.sh with LOCALDB_VAR), so stopping its primary leaves the test database alone.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from deploy.stack import ROOT, Gunicorn, ScratchCluster

ADMIN_PASSWORD = "failover-admin-password-0123"

SEED = f"""
ADMIN_PASSWORD = {ADMIN_PASSWORD!r}
from datetime import date
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from resourcemap.directory.actions import save_site
from resourcemap.directory.models import Category, Organization, ServicePoint
org = Organization.objects.create(code="failover-org", name_zh_hans="故障演练机构")
category = Category.objects.get(code="party_mass_centre")
for n in range(20):
    site = ServicePoint(source="failover", external_id=f"f-{{n}}", name=f"演练站点{{n}}", category=category,
                        organization=org, location=Point(114.0 + n / 100, 22.55, srid=4326),
                        location_precision="surveyed", assured_date=date.today())
    save_site(site)
User.objects.create_superuser("failover-admin", password=ADMIN_PASSWORD)
print(ServicePoint.objects.order_by("pk").first().pk, org.pk)
"""


def base_environment(database_url: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
        "SECRET_KEY": "failover-test-secret-key-0123456789-0123456789-0123456789",
        "DEBUG": "false", "STATIC_MANIFEST": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url, "DB_CONNECT_TIMEOUT_SECONDS": "2",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@dataclass
class Failover:
    cluster: ScratchCluster
    app: Gunicorn
    site_id: int
    organization_id: int
    primary_url: str
    replica_url: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.app.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.app.url + path, data=body,
                                         headers={"Referer": self.app.url + path})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def log_in(self) -> None:
        self.get("/admin/login/")
        status, body = self.post("/admin/login/?next=/admin/", {"username": "failover-admin", "password": ADMIN_PASSWORD})
        assert status == 200 and "failover-admin" in body, body[:500]

    def rename_organization(self, name: str) -> tuple[int, str]:
        """An edit through the admin's change form, as a browser sends it."""
        path = f"/admin/directory/organization/{self.organization_id}/change/"
        status, form = self.get(path)
        if status != 200:
            return status, form
        assert re.search(r'name="code"', form)
        return self.post(path, {"code": "failover-org", "name_zh_hans": name, "name_zh_hant": "",
                                "name_en": "", "description": "", "website": "", "_save": "Save"})


@pytest.fixture(scope="module")
def failover(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Failover]:
    cluster = ScratchCluster(tmp_path_factory.mktemp("failover-db"))
    app: Gunicorn | None = None
    try:
        primary_url = cluster.start_primary()
        env = base_environment(primary_url)
        manage(env, "prepare_database")
        site_id, organization_id = (int(v) for v in manage(env, "shell", "-v", "0", "-c", SEED).split()[-2:])
        replica_url = cluster.start_replica()
        # Every request asks the replica how far behind it is (production keeps the answer 1 s).
        app = Gunicorn(env | {"REPLICA_DATABASE_URL": replica_url, "REPLICA_MAX_LAG_SECONDS": "2",
                              "REPLICA_CHECK_SECONDS": "0"}).start()
        yield Failover(cluster, app, site_id, organization_id, primary_url, replica_url)
    finally:
        if app is not None:
            app.stop()
        cluster.destroy()


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")
