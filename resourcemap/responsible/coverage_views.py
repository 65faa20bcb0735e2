"""/coverage/: coverage against the mandate, for staff (administrators and planners): a table per
district and per street, a choropleth of streets (coverage.js, no inline script or style: CSP)
and a CSV download."""

from __future__ import annotations

import csv
import json

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from resourcemap.directory.models import Street
from resourcemap.responsible.coverage import category_codes, district_coverage, street_coverage
from resourcemap.spreadsheet import as_text_cell


@staff_member_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    streets = street_coverage()
    return render(request, "responsible/coverage.html", {
        "streets": streets, "districts": district_coverage(streets),
    })


@staff_member_required
def coverage_streets_geojson(request: HttpRequest) -> JsonResponse:
    """Street outlines with their coverage share, for the choropleth."""
    shares = {row.code: row for row in street_coverage()}
    features = []
    for code, name, geometry in Street.objects.filter(boundary__isnull=False).annotate(
        geojson=AsGeoJSON("boundary", precision=5)
    ).values_list("code", "name", "geojson"):
        row = shares.get(code)
        features.append({
            "type": "Feature", "geometry": json.loads(geometry),
            "properties": {
                "code": code, "name": name, "share": round(row.share, 3) if row else None,
                "recorded": row.recorded if row else 0, "mandated": row.mandated if row else 0,
            },
        })
    return JsonResponse({"type": "FeatureCollection", "features": features})


@staff_member_required
def coverage_csv(request: HttpRequest) -> HttpResponse:
    streets = street_coverage()
    categories = category_codes()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read the Chinese text as UTF-8
    writer = csv.writer(response)
    writer.writerow([
        "level", "code", "name", "district_code", "district_centre_recorded", "street_workstations_recorded",
        "street_centres_recorded", "communities", "community_centres_recorded", "mandated_units", "recorded_units",
        "sites", "children_0_14_census2020", "children_per_site", "outline", *[f"sites_{c}" for c in categories],
    ])
    for d in district_coverage(streets):
        writer.writerow([as_text_cell(v) for v in [
            "district", d.code, d.name, d.code, int(d.centre), d.workstations, d.street_centres, d.communities,
            d.community_centres, 1 + 2 * d.streets + d.communities,
            int(d.centre) + d.workstations + d.street_centres + d.community_centres, d.sites, d.children_0_14,
            d.children_per_site, "", *["" for _c in categories],
        ]])
    for s in streets:
        writer.writerow([as_text_cell(v) for v in [
            "street", s.code, s.name, s.district_code, int(s.district_centre), int(s.workstation), int(s.street_centre),
            s.communities, s.community_centres, s.mandated, s.recorded, sum(s.sites_by_category.values()),
            "", "", _("approximate") if s.approximate_outline else "", *[s.sites_by_category.get(c, 0) for c in categories],
        ]])
    return response
