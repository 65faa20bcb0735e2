"""Keeps children's locations and typed addresses out of the logs.

The referral planner, the nearest lookup, geocoding and the map's search take a child's
position or a typed address in the query string. Rather than keep a list of such paths (and
miss the next one), access-log lines never carry a query string at all: the filter below
rewrites every request line to its path before any handler sees it. runserver's
django.server logger and gunicorn's access logger both pass through it, and django.request
records (errors) lose the attached request object, whose GET a formatter could print.
"""

from __future__ import annotations

import logging
import re

# In a request line ("GET /referral/?lat=.. HTTP/1.1") everything from "?" to the protocol
# goes, even when a scripted client put quotes or tabs into the query.
_REQUEST_LINE_QUERY_RE = re.compile(r"\?.*?(?=\s+HTTP/\d)")
# Elsewhere (a referrer URL, "Not Found: /x?y") a query string ends at white space or a quote.
_URL_QUERY_RE = re.compile(r"(?P<path>/[^\s?\"]*)\?[^\s\"]*")


def strip_query_strings(text: str) -> str:
    text = _REQUEST_LINE_QUERY_RE.sub("", text)
    return _URL_QUERY_RE.sub(lambda match: match.group("path"), text)


def _strip(value: object) -> object:
    return strip_query_strings(value) if isinstance(value, str) else value


class StripQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            # gunicorn's access-log atoms: "r" is the request line, "q" the bare query string.
            record.args = {key: "" if key == "q" else _strip(val) for key, val in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_strip(arg) for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = strip_query_strings(record.msg)
        if getattr(record, "request", None) is not None:
            record.request = None
        return True
