"""Staff sessions end after STAFF_SESSION_IDLE_HOURS without admin activity.

A session's expiry is pushed forward when it is saved, so an admin request saves the session,
but at most every RENEW_EVERY_SECONDS: a save on every request would make every page, the
public ones a logged-in staff member reads too, depend on the primary database (which the
read path must not: see resourcemap/availability).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib import auth
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

RENEWED_AT = "staff_session_renewed_at"
RENEW_EVERY_SECONDS = 600


class StaffSessionRenewal:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only what the view already read: loading the user or the session here would query the
        # database outside the view, where a database outage becomes a bare 500.
        if session is None or not session.accessed or "/admin/" not in request.path:
            return response
        try:
            if session.get(auth.SESSION_KEY) is None:
                return response
            renewed_at = float(session.get(RENEWED_AT, 0))
        except DatabaseError:
            # The view could not load the session either (the database is down) and has answered
            # for that already ("editing is paused"); renewing can wait for the next request.
            return response
        if time.time() - renewed_at > RENEW_EVERY_SECONDS:
            session[RENEWED_AT] = time.time()  # modified: SessionMiddleware saves it, with a new expiry
        return response
