from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from resourcemap.directory.models import ServicePoint
from resourcemap.feedback import ratelimit
from resourcemap.feedback.actions import submit_report
from resourcemap.feedback.forms import ProblemReportForm, form_started_token


@csrf_protect
@require_http_methods(["GET", "POST"])
def report_problem(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_object_or_404(ServicePoint.objects.public(), pk=site_id)
    if request.method == "POST":
        if ratelimit.is_over_limit(request):
            return render(request, "feedback/rate_limited.html", {"site": site}, status=429)
        form = ProblemReportForm(request.POST)
        if form.is_valid():
            ratelimit.count_report(request)
            submit_report(site, form.cleaned_data["kind"], form.cleaned_data["details"], form.cleaned_data["contact"])
            return render(request, "feedback/thanks.html", {"site": site})
        # A fresh start time, so a person who fixes an error is not turned away as a bot.
        form.data = form.data.copy()
        form.data["started"] = form_started_token()
    else:
        form = ProblemReportForm(initial={"started": form_started_token()})
    return render(request, "feedback/report.html", {"site": site, "form": form})
