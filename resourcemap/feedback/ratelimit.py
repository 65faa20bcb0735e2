"""A per-client rate limit on problem reports, kept in the cache.

The client is identified by a salted SHA-256 of its IP address, so the address itself is
never stored; the counter expires with its window.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from resourcemap.client_address import client_address

REPORTS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60


def client_key(request: HttpRequest) -> str:
    # The client as TRUSTED_PROXY_COUNT defines it: an X-Forwarded-For the client wrote itself
    # (rotated to get past the limit) is not the client.
    address = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:feedback:{address}".encode()).hexdigest()
    return f"feedback-rate:{digest}"


def is_over_limit(request: HttpRequest) -> bool:
    return cache.get(client_key(request), 0) >= REPORTS_PER_WINDOW


def count_report(request: HttpRequest) -> None:
    key = client_key(request)
    if not cache.add(key, 1, timeout=WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=WINDOW_SECONDS)
