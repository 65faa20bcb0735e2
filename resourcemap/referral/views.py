"""The referral planner page and its CSV download. Nothing about the child is stored or logged.

The form is posted, so the child's address and position stay out of the URL, the browser's
history and chat-app link previews. A share link is made only when asked for, and carries
only the needs and the point rounded to about 100 m (three decimals). GET still renders a
plan, so share links (and older links) work; access logs never carry query strings
(resourcemap/logging.py) and the responses are marked no-store."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from resourcemap.directory.models import ServicePoint
from resourcemap.map_config import map_config
from resourcemap.referral.forms import ReferralForm
from resourcemap.referral.plan import SUITABLE_RULE, ReferralPlan, build_plan
from resourcemap.spreadsheet import as_text_cell


def _plan_from(form: ReferralForm) -> ReferralPlan:
    data = form.cleaned_data
    age = float(data["age"]) if data.get("age") is not None else None
    return build_plan(
        data["wgs_lon"], data["wgs_lat"], data.get("needs") or [], data.get("per_need") or 3, age,
        vocabulary=data.get("need") or [],
    )


# Three decimals of a degree: about 111 m north-south, about 103 m east-west in Shenzhen.
SHARE_DECIMALS = 3


def _share_url(request: HttpRequest, form: ReferralForm, plan: ReferralPlan) -> str:
    query = {
        "lat": f"{plan.lat:.{SHARE_DECIMALS}f}", "lon": f"{plan.lon:.{SHARE_DECIMALS}f}",
        "needs": form.cleaned_data["needs"],
    }
    return request.build_absolute_uri(f"{reverse('referral')}?{urlencode(query, doseq=True)}")


def _csv_fields(form: ReferralForm, plan: ReferralPlan) -> list[tuple[str, str]]:
    """The CSV form's hidden fields: the resolved WGS-84 point, never the typed address."""
    data = form.cleaned_data
    fields = [("lat", f"{plan.lat:.6f}"), ("lon", f"{plan.lon:.6f}"), ("crs", "wgs84"),
              ("per_need", str(plan.per_need))]
    fields += [("needs", code) for code in data["needs"]]
    if data.get("age") is not None:
        fields.append(("age", str(data["age"])))
    return fields


def _data_facts() -> dict[str, object]:
    """What a printed plan says about its data: when it was last changed and where it came from."""
    sites = ServicePoint.objects.public()
    return {
        "data_updated": sites.aggregate(latest=Max("updated_at"))["latest"],
        "data_sources": sorted(set(sites.values_list("source", flat=True).distinct())),
        "printed_on": timezone.localtime(),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def referral_page(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    submitted = bool(data)
    form = ReferralForm(data if submitted else None)
    plan = _plan_from(form) if submitted and form.is_valid() else None
    return render(
        request,
        "referral/referral.html",
        {
            "form": form,
            "plan": plan,
            "geocoded": form.geocoded if plan else None,
            "suitable_rule": SUITABLE_RULE,
            "map_config": map_config(),
            "share_url": _share_url(request, form, plan) if plan else "",
            "csv_fields": _csv_fields(form, plan) if plan else [],
            **(_data_facts() if plan else {}),
        },
        status=400 if submitted and plan is None else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def referral_csv(request: HttpRequest) -> HttpResponse:
    form = ReferralForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return HttpResponse(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()),
            status=400, content_type="text/plain; charset=utf-8",
        )
    plan = _plan_from(form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="referral-plan.csv"'
    response.write("\ufeff")  # BOM: spreadsheet programs then read the Chinese text as UTF-8
    writer = SpreadsheetSafeWriter(response)
    writer.writerow([
        _("Need"), _("Rank"), _("Service"), _("Category"), _("Distance (m)"), _("Phone"), _("Hours"),
        _("Open now"), _("Address"), _("Eligibility"), _("Ages"), _("Location"), _("Link"),
    ])
    for need in plan.needs:
        if not need.all_lines:
            writer.writerow([need.title, "", _("No suitable open service found"), "", "", "", "", "", "",
                             "", "", "", ""])
        for rank, line in enumerate(need.all_lines, 1):
            site = line.summary  # the presenter's dict (resourcemap.directory.presenter)
            writer.writerow([
                need.title, rank, site["name"], site["category_name"],
                line.distance_text if line.serves or site["approximate"] else round(line.distance_m or 0),
                " / ".join(site["phones"]), site["hours"] or site["hours_note"] or _("unknown"),
                {True: _("yes"), False: _("no"), None: _("unknown")}[site["open_now"]],
                site["address"], site["eligibility"], line.ages,
                _("approximate") if site["approximate"] else _("exact"),
                request.build_absolute_uri(reverse("site-page", args=[site["id"]])),
            ])
    return response


class SpreadsheetSafeWriter:
    """csv.writer whose text cells cannot turn into formulas (resourcemap.spreadsheet)."""

    def __init__(self, stream: HttpResponse) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([as_text_cell(cell) for cell in row])

