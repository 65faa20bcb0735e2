"""/here/: who is responsible for a point or address, as a page for families and social workers.

The map posts the shared position (POST keeps it out of the URL and so out of the browser's
history); a referral plan links with its own lat/lon (GET, as the plan's link already carries
them). Nothing is stored; the answer is no-store; access logs never carry a query string.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from resourcemap.responsible.lookup import NotResolved, ResponsibleParams, resolve


# csrf_exempt: the POST only carries a position to look up; it changes nothing (no state, no
# store, no log), so there is nothing for a forged request to do, and the map page that posts
# here stays free of per-visitor tokens (cacheable, the same HTML for everyone).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def here_page(request: HttpRequest) -> HttpResponse:
    query = request.POST if request.method == "POST" else request.GET
    wanted = {key: query.get(key) for key in ("lat", "lon", "crs", "address") if query.get(key) not in (None, "")}
    if not wanted:
        return render(request, "responsible/here.html", {"answer": None, "errors": {}})
    params = ResponsibleParams(data=wanted)
    if not params.is_valid():
        errors = {field: [str(message) for message in messages] for field, messages in params.errors.items()}
        return render(request, "responsible/here.html", {"errors": errors}, status=400)
    try:
        answer, place = resolve(dict(params.validated_data))
    except NotResolved as exc:
        return render(request, "responsible/here.html", {"errors": exc.errors}, status=400)
    return render(request, "responsible/here.html", {"answer": answer, "place": place, "errors": {}})
