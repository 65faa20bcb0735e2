"""Per request: may reads use the replica (and read the data version once), and what to answer
when a database is unreachable."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from resourcemap.availability.router import reads_may_use_replica
from resourcemap.directory.version import one_read_per_request

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
RETRY_AFTER_SECONDS = 60


def _editing_paths() -> re.Pattern[str]:
    # The admin and the report form write, and read what they have just written: primary only.
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"^/(?:(?:{languages})/)?(?:admin|feedback)/")


class ReadPathMiddleware:
    """Marks the public read path (safe methods outside the admin and the report form) so the
    router may send its reads to the replica, and answers "editing is paused" (503) instead of
    a bare 500 when a view fails because a database cannot be reached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.editing_paths = _editing_paths()

    def is_editing(self, request: HttpRequest) -> bool:
        return request.method not in SAFE_METHODS or bool(self.editing_paths.match(request.path_info))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reading = not self.is_editing(request)
        token = reads_may_use_replica.set(reading)
        try:
            if not reading:
                return self.get_response(request)
            with one_read_per_request():  # one version read serves every cached part of the answer
                return self.get_response(request)
        finally:
            reads_may_use_replica.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        template = "availability/editing_paused.html" if self.is_editing(request) else "availability/unavailable.html"
        response = render(request, template, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
