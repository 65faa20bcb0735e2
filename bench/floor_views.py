"""The floor of a Django request on this machine: views that return a constant, for benchmarks only.

`install_floor_urls()` adds, to this process's URL configuration only (never the shipped one):
  /bench-floor/       a constant JSON body through every middleware (what any request costs);
  /bench-floor/bare/  the same body, and the handler that serves it runs no middleware at all
                      when the WSGI application below is used (bench_nearest serves it with
                      gunicorn beside the real endpoints: `floor_views:application`).
"""

from __future__ import annotations

import os

from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse

BODY = b'{"type":"FeatureCollection","features":[]}'


def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="application/json")


def install_floor_urls() -> None:
    from django.urls import path

    import resourcemap.urls

    resourcemap.urls.urlpatterns[:0] = [
        path("bench-floor/", constant), path("bench-floor/bare/", constant),
    ]


class _FloorApplication:
    """Django's WSGI handler for every path, and one without middleware for /bench-floor/bare/."""

    def __init__(self) -> None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resourcemap.settings")
        import django

        django.setup(set_prefix=False)
        install_floor_urls()
        from django.test import override_settings

        self.full = WSGIHandler()
        with override_settings(MIDDLEWARE=[]):
            self.bare = WSGIHandler()  # loads its (empty) middleware chain now

    def __call__(self, environ: dict, start_response: object) -> object:
        handler = self.bare if environ.get("PATH_INFO") == "/bench-floor/bare/" else self.full
        return handler(environ, start_response)  # type: ignore[arg-type]


def application(environ: dict, start_response: object) -> object:
    global _application
    if _application is None:
        _application = _FloorApplication()
    return _application(environ, start_response)


_application: _FloorApplication | None = None
