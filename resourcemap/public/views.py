"""Pages for families: the map (search, filters, list) and one page per site."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from resourcemap.caching import cached_public
from resourcemap.directory.hours import DAYS, is_open_at
from resourcemap.directory.kept_places import with_places
from resourcemap.directory.models import ServicePoint
from resourcemap.directory.version import current_version
from resourcemap.geo.gazetteer import within_text
from resourcemap.map_config import map_config
from resourcemap.public.directions import directions_links
from resourcemap.public.filters import MapFilterForm, PageForm
from resourcemap.public.listing import PAGE_SIZE
from resourcemap.public.search_answers import answer_items, search_answer
from resourcemap.search.query import MAX_QUERY_LENGTH


# The map page's filters without typed text (q may be an address): cached per data version.
# The list says "open now": keyed by the minute as well.
@cached_public(query=("category", "district", "age", "open", "free", "page"), clock="minute")
def map_page(request: HttpRequest) -> HttpResponse:
    form = MapFilterForm(request.GET or None)
    paging = PageForm(request.GET)
    items: list[dict[str, object]] = []
    count = 0
    count_capped = more = False
    page = 1
    if (form.is_bound and not form.is_valid()) or not paging.is_valid():
        status = 400
    else:
        status = 200
        if not form.is_bound:
            form = MapFilterForm({})
            form.is_valid()
        page = paging.number()
        answer = search_answer(form, page)  # kept per data version for broad queries
        count, count_capped, more = answer.count, answer.count_capped, answer.has_more
        items = answer_items(answer, timezone.localtime())
    next_query = request.GET.copy()
    next_query["page"] = str(page + 1)
    context = {
        "form": form,
        "paging": paging,
        "items": items,
        "count": count,
        "count_capped": count_capped,  # count is COUNT_CAP and more match
        "page": page,
        "first_number": (page - 1) * PAGE_SIZE + 1,
        "last_number": (page - 1) * PAGE_SIZE + len(items),
        "next_page_query": next_query.urlencode() if more else "",
        "map": map_config(),
        # The data tiles of this version (the JS puts {z}/{x}/{y} in place of 0/0/0).
        "data_tiles_url": reverse("map-tile", kwargs={"version": current_version(), "z": 0, "x": 0, "y": 0}),
        "map_sites_zoom": settings.MAP_TILE_SITES_ZOOM,
        "max_query_length": MAX_QUERY_LENGTH,
    }
    return render(request, "public/map.html", context, status=status)


def _hours_rows(site: ServicePoint) -> list[dict[str, object]]:
    today = timezone.localdate().weekday()
    rows = []
    for day in range(7):
        spans = [f"{e['opens']}–{e['closes']}" for e in site.opening_hours if e.get("day") == day]
        rows.append({"day": DAYS[day], "index": day, "spans": spans, "today": day == today})
    return rows


@cached_public(clock="minute")  # "open now", today's hours and the staleness warning move with the clock
def site_page(request: HttpRequest, site_id: int) -> HttpResponse:
    site = with_places(get_object_or_404(
        # The site's search columns are the bulk of its row; the page never shows them.
        ServicePoint.objects.public().select_related("category").defer("search_text", "search_grams", "search_latin"),
        pk=site_id,
    ))
    context = {
        "site": site,
        "open_now": is_open_at(site.opening_hours, timezone.localtime()),
        "hours_rows": _hours_rows(site) if site.opening_hours else [],
        "directions": directions_links(site.lon, site.lat, site.name),
        "stale": site.is_stale(),
        "stale_after_days": settings.STALE_AFTER_DAYS,
        # "within about 1.4 km": the measured error of this precision (data/gazetteer_errors.csv).
        "location_error_text": within_text(site.location_precision) if site.is_approximate else "",
        "map": map_config(),
    }
    return render(request, "public/site.html", context)


@cached_public()
def help_page(request: HttpRequest) -> HttpResponse:
    """Plain words for children and teenagers: the hotline, 110, what harm is, what to do."""
    return render(request, "public/help.html")
