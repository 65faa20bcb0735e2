"""The client's address as this deployment's proxies define it: one answer for the login
lock-out (django-axes) and the report form's rate limit.

Behind TRUSTED_PROXY_COUNT proxies that each append the address they saw to
X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), the client is the entry that many
places from the right; everything further left was sent by the client and may be forged.
With no trusted proxy (the default) X-Forwarded-For is ignored and REMOTE_ADDR is the client.
django-ipware does the counting; it answers None when the header has fewer entries than the
proxies promised (a request that did not come through them), and then REMOTE_ADDR is used.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    # ipware counts the proxies named inside X-Forwarded-For; the last proxy is REMOTE_ADDR, not
    # in the header, hence proxies - 1. strict=False: entries the client forged further left are
    # expected and skipped, not a reason to give up.
    address, _routable = get_client_ip(
        request, proxy_order="left-most", proxy_count=proxies - 1, strict=False,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
    )
    return address or remote
