"""Views that belong to no app: the CSRF failure page (the health check is availability's)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's own CSRF page carries an inline <style>, which the CSP blocks: ours extends
    base.html (hotline included) and says what to do."""
    return render(request, "403_csrf.html", status=403)
