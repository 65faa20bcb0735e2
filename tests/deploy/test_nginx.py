"""deploy/nginx/site.conf in front of a real gunicorn (sync workers, as docs/deploy.md says),
both on free loopback ports: slow clients, the fallback page, the rate limit's real client,
stale cached responses while the app is stopped, and self-hosted tiles."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from deploy.stack import ROOT, Gunicorn, Nginx
from tests.conftest import BLANK_PNG, seed_reference_rows
from tests.public.test_map_tiles import tile_of

TILE = "11/1672/892.png"


def write_city_tiles(directory: Path) -> None:
    """A blank pre-rendered tile for every tile over the city at zooms 8-13 (the map opens at 11)."""
    minlon, minlat, maxlon, maxlat = settings.CITY_BBOX
    for zoom in range(8, 14):
        (x0, y0), (x1, y1) = tile_of(minlon - 0.5, maxlat + 0.3, zoom), tile_of(maxlon + 0.5, minlat - 0.3, zoom)
        for x in range(x0, x1 + 1):
            (directory / str(zoom) / str(x)).mkdir(parents=True)
            for y in range(y0, y1 + 1):
                (directory / str(zoom) / str(x) / f"{y}.png").write_bytes(BLANK_PNG)


@dataclass
class Stack:
    app: Gunicorn
    proxy: Nginx
    site_id: int

    def request(self, path: str, *, method: str = "GET", body: str | None = None, headers: dict[str, str] | None = None,
                source: str = "127.0.0.1", direct: bool = False, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
        port = self.app.port if direct else self.proxy.port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def stack(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Committed rows in the test database (gunicorn is another process), removed afterwards."""
    from resourcemap.directory.actions import save_site
    from resourcemap.directory.models import Category, ServicePoint
    from resourcemap.feedback.models import ProblemReport

    tiles = tmp_path_factory.mktemp("tiles")
    write_city_tiles(tiles)
    # What production's STATIC_ROOT holds (frontend/ and every app's static files), for nginx.
    static = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=str(static)):
        call_command("collectstatic", interactive=False, verbosity=0)
    with django_db_blocker.unblock():
        seed_reference_rows()  # transactional tests before this module may have flushed them
        site = ServicePoint(source="nginx-test", external_id="n-1", name="代理测试站",
                            category=Category.objects.get(code="party_mass_centre"),
                            location=Point(114.05, 22.55, srid=4326), location_precision="surveyed")
        save_site(site)
        db = connection.settings_dict
        env = {
            "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
            "SECRET_KEY": "nginx-test-secret-key-0123456789-0123456789-0123456789-01",
            "DEBUG": "false", "STATIC_MANIFEST": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgis://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "BEHIND_PROXY": "true", "TILES_URL": "/tiles/{z}/{x}/{y}.png",
        }
        app = Gunicorn(env, workers=2).start()
        proxy = Nginx(tmp_path_factory.mktemp("nginx"), app.port, static, tiles)
        try:
            proxy.start()
            yield Stack(app, proxy, site.pk)
        finally:
            proxy.stop()
            app.stop()
            ProblemReport.objects.filter(site=site).delete()
            site.delete()
            from django.core.cache import cache

            cache.clear()


def test_it_serves_pages_static_files_and_gzip(stack: Stack) -> None:
    status, headers, body = stack.request(f"/sites/{stack.site_id}/")
    assert status == 200 and "代理测试站" in body.decode()
    status, headers, body = stack.request("/static/css/base.css")
    assert status == 200 and "public" in headers["cache-control"]
    assert body == (ROOT / "frontend" / "css" / "base.css").read_bytes()  # from disk, by nginx
    status, headers, body = stack.request("/api/v1/sites/", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert "代理测试站" in gzip.decompress(body).decode()
    assert stack.request("/media/imports/anything.csv")[0] == 404


def hold_slow_connections(port: int, count: int, seconds: float, stop: threading.Event) -> list[socket.socket]:
    """Slowloris: `count` connections each sending a header line a second, never finishing."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"POST /feedback/report/1/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n")
        sockets.append(sock)

    def trickle() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not stop.is_set():
            for sock in sockets:
                # The server may hang up on a slow client: what a proxy should do.
                with contextlib.suppress(OSError):
                    sock.sendall(b"X-a: b\r\n")
            stop.wait(1)

    threading.Thread(target=trickle, daemon=True).start()
    return sockets


@pytest.mark.parametrize("through_proxy", [True, False], ids=["through-nginx", "gunicorn-alone"])
def test_slow_clients_do_not_block_the_site_behind_nginx(stack: Stack, through_proxy: bool) -> None:
    """Three slow clients hold both sync workers of a bare gunicorn (the control case, which
    shows the test can fail); behind nginx, the site answers at once."""
    stop = threading.Event()
    port = stack.proxy.port if through_proxy else stack.app.port
    sockets = hold_slow_connections(port, 3, 8, stop)
    try:
        time.sleep(0.5)
        if through_proxy:
            for _ in range(5):
                started = time.monotonic()
                assert stack.request(f"/sites/{stack.site_id}/", timeout=3)[0] == 200
                assert time.monotonic() - started < 2
        else:
            with pytest.raises(TimeoutError):
                stack.request(f"/sites/{stack.site_id}/", direct=True, timeout=3)
    finally:
        stop.set()
        for sock in sockets:
            sock.close()


def report(stack: Stack, source: str, started: str, csrf: str, forwarded_for: str = "") -> int:
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    body = f"kind=hours&details=x&contact=&homepage=&started={started}&csrfmiddlewaretoken={csrf}"
    return stack.request(f"/feedback/report/{stack.site_id}/", method="POST", body=body, headers=headers,
                         source=source)[0]


def test_the_rate_limit_follows_the_real_client_not_its_header(stack: Stack) -> None:
    status, headers, body = stack.request(f"/feedback/report/{stack.site_id}/")
    assert status == 200
    page = body.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    csrf = re.search(r"csrftoken=([^;]+)", headers["set-cookie"]).group(1)
    time.sleep(3.2)  # the form's minimum fill time
    assert [report(stack, "127.0.0.2", started, csrf) for _ in range(5)] == [200] * 5
    assert report(stack, "127.0.0.2", started, csrf) == 429
    # A header the client sends itself does not move it out of its limit...
    assert report(stack, "127.0.0.2", started, csrf, forwarded_for="203.0.113.9") == 429
    # ...and another client is not caught by the first one's.
    assert report(stack, "127.0.0.3", started, csrf) == 200


def test_self_hosted_tiles_are_served_by_the_proxy(stack: Stack) -> None:
    status, headers, body = stack.request("/")
    assert status == 200
    assert "/tiles/{z}/{x}/{y}.png" in body.decode().replace("\\/", "/")
    assert "tile.openstreetmap.org" not in body.decode()
    status, headers, body = stack.request(f"/tiles/{TILE}")
    assert (status, headers["content-type"], body) == (200, "image/png", BLANK_PNG)
    assert stack.request("/tiles/11/0/0.png")[0] == 404


@pytest.mark.browser
def test_the_map_draws_self_hosted_tiles_in_a_browser(stack: Stack, page: Any) -> None:
    """Through nginx, Chromium's tile requests all go to the proxy's /tiles/ and are answered
    there; nothing is asked of a third party."""
    tile_statuses: list[int] = []
    page.on("response", lambda r: "/tiles/" in r.url and tile_statuses.append(r.status))
    page.goto(stack.proxy.url + "/")
    page.wait_for_selector("img.leaflet-tile-loaded", timeout=15000)
    page.wait_for_load_state("networkidle")
    assert page.external_requests == []
    assert tile_statuses and set(tile_statuses) == {200}
    sources = page.eval_on_selector_all("img.leaflet-tile", "images => images.map(i => i.src)")
    assert sources and all(src.startswith(stack.proxy.url + "/tiles/") for src in sources)


def test_it_serves_cached_responses_and_the_fallback_page_while_the_app_is_stopped(stack: Stack) -> None:
    assert stack.request("/map/districts.geojson")[0] == 200
    status, headers, cached = stack.request("/map/districts.geojson")
    assert headers["x-cache-status"] == "HIT"
    # Requests with a query string (a child's location) are never cached.
    stack.request("/api/v1/nearest/?lat=22.55&lon=114.05")
    assert stack.request("/api/v1/nearest/?lat=22.55&lon=114.05")[1]["x-cache-status"] == "BYPASS"

    # Public pages are cacheable too (#14: strong ETag per data version, max-age + must-revalidate).
    page_path = f"/sites/{stack.site_id}/"
    _status, _headers, page_before = stack.request(page_path)

    stack.app.stop()
    try:
        status, headers, body = stack.request("/map/districts.geojson")
        assert (status, body) == (200, cached)
        status, headers, body = stack.request(page_path)
        assert (status, body) == (200, page_before)  # the stale copy beats the fallback
        # A page nginx may not keep (the referral planner sets a CSRF cookie): the fallback page.
        status, headers, body = stack.request("/referral/")
        assert status == 502
        page = body.decode()
        assert "12345" in page and "110" in page and "未成年人保护法" in page
        assert "<script" not in page.lower()
        assert stack.request("/api/v1/nearest/?lat=22.55&lon=114.05")[0] == 502
    finally:
        stack.app.start()
    assert stack.request("/")[0] == 200
