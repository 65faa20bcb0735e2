"""A referral plan: for each need of a child, the nearest suitable open services.

"Suitable open" here means: status active (not temporarily closed, not closed) and, when the
child's age is given, an age range that includes it (sites without an age range count as
suitable). Opening hours are unknown for most sites, so they do not filter the plan; each
line shows the hours and whether the site is open now where the hours are known.

Nothing is stored: the plan is computed from the request and returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resourcemap.directory.hours import format_hours, is_open_at
from resourcemap.directory.models import Category, ServicePoint

SUITABLE_RULE = _(
    "Suitable open services: status active (not temporarily closed or closed) and, when an age "
    "is given, an age range that includes it. Hours are shown where known."
)


@dataclass
class PlanLine:
    site: ServicePoint
    distance_m: float
    hours: str
    open_now: bool | None
    ages: str

    @property
    def distance_text(self) -> str:
        return f"{self.distance_m:.0f} m" if self.distance_m < 1000 else f"{self.distance_m / 1000:.1f} km"


@dataclass
class NeedPlan:
    category: Category
    lines: list[PlanLine] = field(default_factory=list)


@dataclass
class ReferralPlan:
    lon: float
    lat: float
    age: float | None
    per_need: int
    needs: list[NeedPlan]


def age_range(site: ServicePoint) -> str:
    """"3–12", "–14", "6–" or "" when the site states no ages."""
    low, high = site.min_age, site.max_age
    if low is None and high is None:
        return ""
    # float(): a Decimal formats "3.0" with :g; the range reads "3–6", not "3.0–6.0".
    return f"{'' if low is None else f'{float(low):g}'}–{'' if high is None else f'{float(high):g}'}"


def suitable_services(category_code: str, point: Point, age: float | None, count: int) -> list[ServicePoint]:
    sites = ServicePoint.objects.filter(status="active").of_category(category_code).defer(
        "search_text", "search_grams", "search_latin"
    )
    if age is not None:
        sites = sites.for_age(age)
    return list(sites.locatable().select_related("category", "district").near(point)[:count])


def build_plan(
    lon: float, lat: float, needs: list[str], per_need: int = 3, age: float | None = None,
    now: datetime | None = None,
) -> ReferralPlan:
    """The plan for a WGS-84 point; `needs` are category codes (already validated)."""
    now = timezone.localtime(now) if now else timezone.localtime()
    point = Point(lon, lat, srid=4326)
    categories = {c.code: c for c in Category.objects.filter(code__in=needs)}
    plans = []
    for code in needs:
        plan = NeedPlan(category=categories[code])
        for site in suitable_services(code, point, age, per_need):
            plan.lines.append(
                PlanLine(
                    site=site,
                    distance_m=round(site.distance_m.m, 1),
                    hours=format_hours(site.opening_hours),
                    open_now=is_open_at(site.opening_hours, now),
                    ages=age_range(site),
                )
            )
        plans.append(plan)
    return ReferralPlan(lon=lon, lat=lat, age=age, per_need=per_need, needs=plans)
