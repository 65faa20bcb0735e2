"""Neither the child's location nor the typed address reaches any log line.

Requests go over real HTTP to Django's development server handler (the one `runserver` uses,
which writes an access line through the `django.server` logger for every request), with the
project's LOGGING configuration; everything written to stderr/stdout is captured and searched.
"""

from __future__ import annotations

import io
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer, get_internal_wsgi_application
from django.db import connections

LAT, LON = "22.5512345", "114.0523456"
ADDRESS = "深圳市福田区园岭街道秘密路99号"


class AccessLoggedServer:
    """runserver's WSGI server and request handler in a thread, one request at a time."""

    def __init__(self) -> None:
        self.server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
        self.server.set_app(get_internal_wsgi_application())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.server.serve_forever()
        connections.close_all()

    def stop(self) -> None:
        # Returns once the last request, and its access-log line, is done.
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Everything the configured log handlers write (their filters included)."""
    buffer = io.StringIO()
    handlers = {h for name in ("", "django.server", "django.request") for h in logging.getLogger(name).handlers}
    streams = [(h, h.setStream(buffer)) for h in handlers if isinstance(h, logging.StreamHandler)]
    assert streams, "no stream handler is configured: nothing would be logged"
    yield buffer
    for handler, stream in streams:
        handler.setStream(stream)


@pytest.fixture
def access_logged_server() -> Iterator[AccessLoggedServer]:
    server = AccessLoggedServer()
    yield server
    server.stop()  # idempotent: shutdown() on a stopped server returns at once


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_it_keeps_locations_and_addresses_out_of_the_logs(
    access_logged_server, captured_logs, referral_sites, settings
):
    settings.GEOCODER = ""
    base = access_logged_server.url
    point = {"lat": LAT, "lon": LON}
    urls = [
        f"{base}/referral/?{urllib.parse.urlencode({**point, 'needs': 'hospital'})}",
        f"{base}/en/referral/?{urllib.parse.urlencode({'address': ADDRESS, 'needs': 'hospital'})}",
        f"{base}/referral/plan.csv?{urllib.parse.urlencode({**point, 'needs': 'hospital'})}",
        f"{base}/referral/?{urllib.parse.urlencode({'lat': LAT, 'needs': 'hospital'})}",  # 400: lon missing
        f"{base}/api/v1/nearest/?{urllib.parse.urlencode(point)}",
        f"{base}/api/v1/nearest/?{urllib.parse.urlencode({'lat': LAT, 'lon': '999'})}",  # 400
        f"{base}/api/v1/referral-plan/?{urllib.parse.urlencode({**point, 'needs': 'hospital'})}",
        f"{base}/api/v1/geocode/?{urllib.parse.urlencode({'q': ADDRESS})}",
        f"{base}/api/v1/geocode/?{urllib.parse.urlencode({'q': '秘密路无此地址'})}",  # 404
    ]
    statuses = [fetch(url) for url in urls]
    assert statuses == [200, 200, 200, 400, 200, 400, 200, 200, 404]
    access_logged_server.stop()
    logged = captured_logs.getvalue()
    # The access lines were written (so this test can see a leak)...
    assert logged.count('"GET /referral/ HTTP/1.1"') == 2
    assert '"GET /api/v1/geocode/ HTTP/1.1" 404' in logged
    assert "Bad Request: /api/v1/nearest/" in logged  # django.request's warning for the 400
    # ...without the location or the address, in any encoding.
    for secret in (LAT, LON, "5512345", "0523456", ADDRESS, "秘密路", urllib.parse.quote(ADDRESS), "%E7%A7%98"):
        assert secret not in logged
