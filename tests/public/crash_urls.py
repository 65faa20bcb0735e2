"""A URLconf for the error-page tests: the site's URLs plus two views that fail on purpose
(a 500 and a 403 cannot otherwise be provoked from outside)."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from resourcemap.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a deliberate failure for the 500 page test")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    *i18n_patterns(path("crash/", crash), path("forbidden/", forbidden), prefix_default_language=False),
    *urlpatterns,
]
