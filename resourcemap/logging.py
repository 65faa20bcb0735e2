"""Keeps children's locations and typed addresses out of the logs.

The referral planner, the nearest lookup, geocoding and search take a child's position or
address in the query string. Access-log lines for those paths are rewritten to drop the
query string before any handler sees them (runserver's django.server logger and gunicorn's
access logger both pass through this filter).
"""

from __future__ import annotations

import logging
import re

PRIVATE_PATH_PREFIXES = (
    "/referral",
    "/api/v1/nearest",
    "/api/v1/referral-plan",
    "/api/v1/geocode",
    "/geocode",
    "/nearest",
    "/map/results",  # the map's search box: people may type their own address into it
)
# Matches a request path followed by a query string: "GET /referral/?lat=.. HTTP/1.1".
_REQUEST_RE = re.compile(r"(?P<path>/[^\s?\"]*)\?[^\s\"]*")


def is_private_path(path: str) -> bool:
    # Language-prefixed URLs (/en/referral/) count as well.
    stripped = re.sub(r"^/(zh-hans|zh-hant|en)(?=/)", "", path)
    return stripped.startswith(PRIVATE_PATH_PREFIXES)


def strip_private_query(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        path = match.group("path")
        return path if is_private_path(path) else match.group(0)

    return _REQUEST_RE.sub(repl, text)


class StripPrivateQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            if isinstance(record.args, dict):
                record.args = {
                    key: strip_private_query(val) if isinstance(val, str) else val
                    for key, val in record.args.items()
                }
            else:
                record.args = tuple(strip_private_query(a) if isinstance(a, str) else a for a in args)
        if isinstance(record.msg, str):
            record.msg = strip_private_query(record.msg)
        request = getattr(record, "request", None)
        if request is not None and is_private_path(getattr(request, "path", "")):
            # django.request attaches the request object; never let a formatter print its GET.
            record.request = None
        return True
