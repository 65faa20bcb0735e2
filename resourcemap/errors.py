"""Error pages for people: 400, 403, 404 and 500 in the request's language, with the
hotline and the site's navigation (base.html), instead of Django's bare English pages.

The API answers its own errors as JSON (resourcemap.api); these handlers serve the rest.
A 500 page is rendered with the request so it can be in the person's language; its template
reads only settings (context processors), never the database, which may be what failed.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

_PAGES = {
    400: (_("The request could not be understood"),
          _("Something in the address or the form was not valid. Go back and try again, or start from the map.")),
    403: (_("You cannot open this page"),
          _("This page is not open to you. If you followed a link on this site, go back and try again.")),
    404: (_("Page not found"),
          _("There is no page at this address. It may have moved, or the site may have been closed.")),
    500: (_("Something went wrong on our side"),
          _("The page could not be shown because of an error on the server. It has been recorded; please try again in a few minutes.")),
}


def _error_page(request: HttpRequest, status: int) -> HttpResponse:
    title, explanation = _PAGES[status]
    context = {"status": status, "error_title": title, "error_explanation": explanation}
    return render(request, "error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, 500)
