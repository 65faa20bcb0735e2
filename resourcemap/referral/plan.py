"""A referral plan: for each need of a child, the nearest suitable open services.

Each need lists first the services whose service area holds the child's point (a district's
minor-protection centre serves every point of its district, wherever its door is), then the
nearest located ones by distance.

"Suitable open" here means: status active (not temporarily closed, not closed) and, when the
child's age is given, an age range that includes it (sites without an age range count as
suitable). Opening hours are unknown for most sites, so they do not filter the plan; each
line shows the hours and whether the site is open now where the hours are known.

Nothing is stored: the plan is computed from the request and returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resourcemap.directory.models import Category, ServicePoint
from resourcemap.directory.presenter import site_summary, site_values
from resourcemap.directory.querysets import ServicePointQuerySet
from resourcemap.needs.models import Need
from resourcemap.responsible.area import OutsideCity, PointArea, locate_point
from resourcemap.responsible.units import nearest_unit_first, serving

# Limits of a plan request, shared by the referral form and the API.
MAX_AGE_YEARS = 120
PER_NEED_DEFAULT = 3
PER_NEED_MAX = 10

SUITABLE_RULE = _(
    "Suitable open services: status active (not temporarily closed or closed) and, when an age "
    "is given, an age range that includes it. Hours are shown where known."
)


@dataclass
class PlanLine:
    site: ServicePoint
    # The site as every list presents it (resourcemap.directory.presenter): what the page, the
    # printout, the CSV and the API show of it, decided in one place.
    summary: dict[str, Any]
    distance_m: float | None  # None for a site listed because it serves the child's area
    serves: str = ""  # the site's service-area kind when it serves the child's area

    @property
    def hours(self) -> str:
        return self.summary["hours"]

    @property
    def open_now(self) -> bool | None:
        return self.summary["open_now"]

    @property
    def ages(self) -> str:
        return age_range(self.summary["min_age"], self.summary["max_age"])

    @property
    def distance_text(self) -> str:
        if self.serves:
            return str(SERVES_TEXT[self.serves])
        if self.distance_m is None:
            return ""
        text = f"{self.distance_m:.0f} m" if self.distance_m < 1000 else f"{self.distance_m / 1000:.1f} km"
        if self.summary["approximate"]:
            # The point stands for a street or community: never shown as if it were the door.
            return str(_("about %(distance)s (%(precision)s)") % {
                "distance": text, "precision": self.site.get_location_precision_display()})
        return text


SERVES_TEXT = {
    "city": _("serves the whole city"),
    "district": _("serves your district"),
    "street": _("serves your street"),
    "community": _("serves your community"),
}


@dataclass
class NeedPlan:
    category: Category | None  # a need given as a category code
    need: Need | None = None  # or a need from the vocabulary (resourcemap.needs), met by its categories
    lines: list[PlanLine] = field(default_factory=list)  # nearest located services, by distance
    serving: list[PlanLine] = field(default_factory=list)  # services whose service area holds the point

    @property
    def title(self) -> str:
        return self.category.name if self.category is not None else self.need.name if self.need else ""

    @property
    def category_codes(self) -> list[str]:
        if self.category is not None:
            return [self.category.code]
        return self.need.category_codes() if self.need is not None else []

    @property
    def all_lines(self) -> list[PlanLine]:
        return [*self.serving, *self.lines]


@dataclass
class ReferralPlan:
    lon: float
    lat: float
    age: float | None
    per_need: int
    needs: list[NeedPlan]


def age_range(low: float | None, high: float | None) -> str:
    """"3–12", "–14", "6–" or "" when the site states no ages (the presenter's min_age/max_age)."""
    if low is None and high is None:
        return ""
    return f"{'' if low is None else f'{low:g}'}–{'' if high is None else f'{high:g}'}"


def _suitable(category_code: str, age: float | None) -> ServicePointQuerySet:
    """`category_code`: one code, or several separated by commas (a vocabulary need's categories)."""
    if not category_code:
        return ServicePoint.objects.none()
    sites = ServicePoint.objects.filter(status="active").of_category(category_code).defer(
        "search_text", "search_grams", "search_latin"
    )
    return sites.for_age(age) if age is not None else sites


def suitable_services(
    category_code: str, point: Point, age: float | None, count: int, leave_out: set[int] | frozenset = frozenset()
) -> list[ServicePoint]:
    sites = _suitable(category_code, age).exclude(pk__in=leave_out)
    return sites.locatable().select_related("category", "district").nearest(point, count)


def serving_services(category_code: str, area: PointArea | None, age: float | None) -> list[ServicePoint]:
    """The suitable sites whose service area contains the point, whatever their precision."""
    if area is None:
        return []
    sites = serving(_suitable(category_code, age), area).select_related("category", "district")
    return nearest_unit_first(sites)


def summary_of(site: ServicePoint, now: datetime) -> dict[str, Any]:
    return site_summary(site_values(site), site.category, now)


def _area_of(lon: float, lat: float) -> PointArea | None:
    try:
        return locate_point(lon, lat)
    except OutsideCity:
        return None  # outside the city no service area holds the point; the nearest list still helps


def build_plan(
    lon: float, lat: float, needs: list[str], per_need: int = 3, age: float | None = None,
    now: datetime | None = None, vocabulary: list[str] | tuple[str, ...] = (),
) -> ReferralPlan:
    """The plan for a WGS-84 point; `needs` are category codes and `vocabulary` need codes
    (resourcemap.needs), both already validated."""
    now = timezone.localtime(now) if now else timezone.localtime()
    point = Point(lon, lat, srid=4326)
    categories = {c.code: c for c in Category.objects.filter(code__in=needs)}
    known_needs = {n.code: n for n in Need.objects.filter(code__in=vocabulary).prefetch_related("categories")}
    area = _area_of(lon, lat)
    plans = []
    wanted = [NeedPlan(category=categories[code]) for code in needs]
    wanted += [NeedPlan(category=None, need=known_needs[code]) for code in vocabulary]
    for plan in wanted:
        code = ",".join(plan.category_codes)
        for site in serving_services(code, area, age):
            plan.serving.append(
                PlanLine(site=site, summary=summary_of(site, now), distance_m=None, serves=site.service_area_kind)
            )
        leave_out = {line.site.pk for line in plan.serving}
        for site in suitable_services(code, point, age, per_need, leave_out):
            plan.lines.append(
                PlanLine(site=site, summary=summary_of(site, now), distance_m=round(site.distance_m.m, 1))
            )
        plans.append(plan)
    return ReferralPlan(lon=lon, lat=lat, age=age, per_need=per_need, needs=plans)
