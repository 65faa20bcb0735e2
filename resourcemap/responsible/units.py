"""Who is responsible here: the units of the child-protection network for a point, top down.

未成年人保护法 第八十一条 sets the network: district (county) governments' minor-protection
centres, a workstation (or named staff) in every street office, a post in every residents'
committee. Shenzhen runs it on four levels (city, district, street, community). Each unit
below is the site whose *service area* contains the point (ServicePoint.service_area_kind),
whatever the precision of its own position; a unit with no recorded site is listed with
`site = None` and says what is missing, never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from resourcemap.directory.models import ServicePoint
from resourcemap.directory.querysets import ServicePointQuerySet
from resourcemap.geo.typed_places import GeocodeAnswer
from resourcemap.geo.typed_places import locate_typed_place as locate
from resourcemap.policies.models import Article
from resourcemap.responsible.area import PointArea

MINOR_PROTECTION_LAW = "未成年人保护法"


def place_of_address(text: str) -> GeocodeAnswer | None:
    """A typed address as a point. The one line that #11's offline gazetteer replaces."""
    return locate(text)


@dataclass(frozen=True)
class Role:
    code: str
    title: Promise
    category: str | None  # the category whose sites fill the role; None: a phone line, not a site
    area: str  # the service-area kind the site must have: city, district, street, community
    articles: tuple[int, ...]  # 未成年人保护法 articles that ground the role
    missing: Promise  # what to say when no site fills it


ROLES = (
    Role("city_centre", _("City minor-protection centre"), "minor_protection", "city", (92, 93, 96),
         _("No city minor-protection centre is recorded.")),
    Role("district_centre", _("District minor-protection centre"), "minor_protection", "district", (81, 92, 93),
         _("No minor-protection centre is recorded for this district.")),
    Role("street_workstation", _("Street minor-protection workstation"), "minor_protection", "street", (81,),
         _("No minor-protection workstation is recorded for this street.")),
    Role("street_centre", _("Street party-mass service centre (may host the street's workstation)"),
         "party_mass_centre", "street", (81,),
         _("No party-mass service centre is recorded for this street.")),
    Role("community_centre", _("Community party-mass service centre, children's home and children's director"),
         "party_mass_centre", "community", (43, 81),
         _("No party-mass service centre is recorded for this community.")),
    Role("district_civil_affairs", _("District civil-affairs bureau"), "civil_affairs_bureau", "district",
         (91, 92, 94), _("No civil-affairs bureau is recorded for this district.")),
)
# Why a community unit can be missing even when the community has a centre: the point's
# community could not be told (no community outlines exist).
COMMUNITY_UNKNOWN = _("The community could not be told from this point; name it in the address to see its centre.")


@dataclass
class Unit:
    role: str
    title: str
    site: ServicePoint | None
    note: str = ""
    phone: str = ""  # for the hotline and 110, which are not sites
    articles: list[Article] = field(default_factory=list)
    article_numbers: tuple[int, ...] = ()


@dataclass
class Responsible:
    area: PointArea
    units: list[Unit]


def serving(sites: ServicePointQuerySet, area: PointArea) -> ServicePointQuerySet:
    """Sites whose service area contains the located point (partial index servicepoint_serves)."""
    wanted = Q(service_area_kind="city")
    if area.district.known:
        wanted |= Q(service_area_kind="district", district_id=area.district.code)
    if area.street.known:
        wanted |= Q(service_area_kind="street", street_id=area.street.code)
    if area.community.known:
        wanted |= Q(service_area_kind="community", community_id=area.community.code)
    return sites.filter(wanted)


# The unit nearest the child first: a community's centre before the street's, the district's, the city's.
SERVICE_AREA_ORDER = {"community": 0, "street": 1, "district": 2, "city": 3}


def nearest_unit_first(sites: ServicePointQuerySet) -> list[ServicePoint]:
    return sorted(sites, key=lambda site: (SERVICE_AREA_ORDER[site.service_area_kind], site.name, site.pk))


def _articles(numbers: set[int]) -> dict[int, Article]:
    found = Article.objects.filter(
        law__short_name=MINOR_PROTECTION_LAW, law__is_current=True, number__in=numbers
    ).select_related("law").only("number", "label", "slug", "law__short_name", "law__slug", "law__version_date")
    return {article.number: article for article in found}


def responsible_units(area: PointArea) -> Responsible:
    sites = serving(
        ServicePoint.objects.public().filter(category__code__in={r.category for r in ROLES if r.category}), area
    ).select_related("category").defer("search_text", "search_grams", "search_latin", "description").order_by("pk")
    by_role: dict[tuple[str, str], ServicePoint] = {}
    for site in sites:
        by_role.setdefault((site.category.code, site.service_area_kind), site)
    articles = _articles({n for role in ROLES for n in role.articles} | {11, 97})
    units = []
    for role in ROLES:
        site = by_role.get((role.category or "", role.area))
        note = ""
        if site is None:
            note = str(COMMUNITY_UNKNOWN if role.area == "community" and not area.community.known else role.missing)
        elif site.is_approximate:
            note = str(_("Serves your %(area)s; exact location not recorded.") % {"area": _area_word(role.area)})
        units.append(Unit(role.code, str(role.title), site, note,
                          articles=[articles[n] for n in role.articles if n in articles],
                          article_numbers=role.articles))
    hotline = settings.HOTLINE_NUMBER + (f",{settings.HOTLINE_EXTENSION}" if settings.HOTLINE_EXTENSION else "")
    units.append(Unit("hotline", str(_("Child-protection hotline (24 hours)")), None, phone=hotline,
                      articles=[articles[n] for n in (97,) if n in articles], article_numbers=(97,)))
    units.append(Unit("police", str(_("Police, for immediate danger")), None, phone="110",
                      articles=[articles[n] for n in (11,) if n in articles], article_numbers=(11,)))
    return Responsible(area, units)


def _area_word(kind: str) -> str:
    return str({"city": _("city"), "district": _("district"), "street": _("street"),
                "community": _("community")}[kind])
