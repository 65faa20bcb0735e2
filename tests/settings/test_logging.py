"""Locations and addresses typed by users never reach the logs: no access-log line keeps a query string."""

import logging

from resourcemap.logging import StripQueryStrings, strip_query_strings


def test_it_strips_query_strings_from_request_lines():
    line = '"GET /referral/?lat=22.54&lon=114.05&address=%E7%A6%8F%E7%94%B0 HTTP/1.1" 200 512'
    assert strip_query_strings(line) == '"GET /referral/ HTTP/1.1" 200 512'
    line = '"GET /en/api/v1/nearest/?lat=22.5&lon=114.0 HTTP/1.1" 200 10'
    assert "22.5" not in strip_query_strings(line)
    line = '"GET /?q=%E7%A6%8F%E7%94%B0%E5%8C%BA%E6%99%AF%E7%94%B0%E8%B7%AF HTTP/1.1" 200 10'
    assert strip_query_strings(line) == '"GET / HTTP/1.1" 200 10'


def test_it_leaves_lines_without_query_strings_alone():
    line = '"GET /sites/12/ HTTP/1.1" 200 10'
    assert strip_query_strings(line) == line


def test_it_filters_django_server_records():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
        ("GET /api/v1/referral-plan/?lat=22.5&lon=114.1 HTTP/1.1", "200", "99"), None,
    )
    StripQueryStrings().filter(record)
    assert "22.5" not in record.getMessage()


def test_it_drops_the_request_object_from_error_records():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Not Found: %s", ("/x",), None)
    record.request = object()
    StripQueryStrings().filter(record)
    assert record.request is None


def test_it_filters_gunicorn_access_atoms():
    atoms = {"h": "127.0.0.1", "r": "GET /referral/?lat=22.5&lon=114.1 HTTP/1.1", "q": "lat=22.5&lon=114.1",
             "U": "/referral/", "f": "http://127.0.0.1:8000/referral/?lat=22.5&lon=114.1", "s": "200"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s" %(q)s "%(f)s"', None, None)
    record.args = atoms
    StripQueryStrings().filter(record)
    assert "22.5" not in record.getMessage()


def test_it_strips_queries_with_quotes_or_tabs_from_scripted_clients():
    line = '"GET /api/v1/nearest/?lat=22.5&lon=114&x="SECRETLAT_22.54 HTTP/1.1" 200 10'
    assert strip_query_strings(line) == '"GET /api/v1/nearest/ HTTP/1.1" 200 10'
    line = '"GET /referral/?q=a\tSECRETTAB HTTP/1.1" 400 10'
    assert "SECRET" not in strip_query_strings(line)
