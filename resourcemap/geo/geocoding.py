"""Turning an address or named areas into a WGS-84 point, with an honest precision.

Two ways, tried in order:

1. `geocode_address`: the geopy geocoder named in settings (GEOCODER, a class in
   geopy.geocoders, with GEOCODER_OPTIONS; e.g. a self-hosted Nominatim), wrapped in geopy's
   RateLimiter (GEOCODER_MIN_DELAY_SECONDS) and cached in the Django cache. Precision
   "address". Results outside the city are ignored.
2. `locate_offline`: the offline gazetteer (resourcemap/geo/gazetteer.py) on the named areas
   and the address text (road, community, street, old street area, district, known sites),
   or `locate_by_names` for areas given by code, whichever is more precise.

Public: GeocodeResult, geocoder_configured(), geocode_address(), locate_offline(), locate_by_names(), AreaIndex.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import geopy.geocoders
from django.conf import settings
from django.contrib.gis.db.models.functions import PointOnSurface
from django.contrib.gis.geos import Point
from django.core.cache import cache
from django.utils.translation import gettext as _
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter

from resourcemap.directory.precision import is_approximate
from resourcemap.geo.gazetteer import Placement, precision_rank
from resourcemap.geo.gazetteer import gazetteer as offline_gazetteer
from resourcemap.geo.transform import to_wgs84

CACHE_SECONDS = 30 * 24 * 3600
CITY_BUFFER_DEG = 0.05  # ~5 km: points just across the border (ports, islands) still count

_geocoders: dict[str, Callable[..., Any]] = {}


@dataclass(frozen=True)
class GeocodeResult:
    lon: float  # WGS-84
    lat: float
    precision: str  # one of ServicePoint.PRECISION_CHOICES (the gazetteer adds road, old_street_area)
    label: str  # what was found: the geocoder's display name or the area's name
    method: str  # "geocoder", "gazetteer" (offline, resourcemap/geo/gazetteer.py) or "names" (codes)
    note: str = ""  # why the offline way was used, and the gazetteer's reason

    @property
    def point(self) -> Point:
        return Point(self.lon, self.lat, srid=4326)

    @property
    def is_approximate(self) -> bool:
        return is_approximate(self.precision)


def in_city(lon: float, lat: float, buffer: float = CITY_BUFFER_DEG) -> bool:
    minlon, minlat, maxlon, maxlat = settings.CITY_BBOX
    return minlon - buffer <= lon <= maxlon + buffer and minlat - buffer <= lat <= maxlat + buffer


def geocoder_configured() -> bool:
    return bool(settings.GEOCODER)


def _geocode_function() -> Callable[..., Any]:
    """The configured geocoder's geocode(), rate-limited; one per configuration per process."""
    name = settings.GEOCODER
    options = dict(settings.GEOCODER_OPTIONS)
    key = f"{name}|{sorted(options.items(), key=lambda item: item[0])!r}|{settings.GEOCODER_MIN_DELAY_SECONDS}"
    if key not in _geocoders:
        geocoder_class = getattr(geopy.geocoders, name, None)
        if geocoder_class is None:
            raise ValueError(f"GEOCODER={name!r} is not a geocoder class in geopy.geocoders")
        geocoder = geocoder_class(**options)
        _geocoders[key] = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=settings.GEOCODER_MIN_DELAY_SECONDS,
            max_retries=1,
            swallow_exceptions=False,
        )
    return _geocoders[key]


def _note(reason: str) -> str:
    """Why the geocoder gave no point, in the active language (reasons are cached untranslated)."""
    if reason == "nothing":
        return _("the geocoder found nothing")
    if reason == "outside":
        return _("the geocoder’s answer lies outside the city")
    if reason.startswith("failed:"):
        return _("the geocoder failed (%(error)s)") % {"error": reason.removeprefix("failed:")}
    return ""


def _ask_geocoder(text: str) -> tuple[GeocodeResult | None, str]:
    """(result, reason): reason is "" with a result, else "nothing", "outside" or "failed:<error>"."""
    try:
        location = _geocode_function()(text)
    except GeopyError as exc:
        return None, f"failed:{type(exc).__name__}"
    if location is None:
        return None, "nothing"
    lon, lat = to_wgs84(float(location.longitude), float(location.latitude), settings.GEOCODER_CRS)
    if not in_city(lon, lat):
        return None, "outside"
    return GeocodeResult(lon, lat, "address", str(location.address or text), "geocoder"), ""


def _cached_geocode(text: str, remember: bool) -> tuple[GeocodeResult | None, str]:
    if not remember:
        return _ask_geocoder(text)
    digest = hashlib.sha256(f"{settings.GEOCODER}|{text}".encode()).hexdigest()
    key = f"geocode:v2:{digest}"
    hit = cache.get(key)
    if hit is not None:
        data = json.loads(hit)
        return (GeocodeResult(**data["result"]) if data["result"] else None), data["reason"]
    result, reason = _ask_geocoder(text)
    if not reason.startswith("failed:"):  # a failure (timeout, outage) is asked again next time
        cache.set(key, json.dumps({"result": result.__dict__ if result else None, "reason": reason}), CACHE_SECONDS)
    return result, reason


def geocode_address(text: str, *, remember: bool = True, fallback: bool = True) -> GeocodeResult | None:
    """The point of an address: the geocoder first, then the areas the text names.

    `remember=False` neither reads nor writes the cache: use it for addresses typed by the
    public (a child's whereabouts are never stored). `fallback=False` skips the names.
    """
    return locate(address=text, remember=remember, fallback=fallback)


def locate(
    *,
    address: str = "",
    community: str = "",
    street: str = "",
    district: str = "",
    remember: bool = True,
    fallback: bool = True,
    areas: AreaIndex | None = None,
) -> GeocodeResult | None:
    """geocode_address with the row's named areas as the fallback (what an import row needs)."""
    address = (address or "").strip()
    note = _("no geocoder is configured")
    if address and geocoder_configured():
        result, reason = _cached_geocode(address, remember)
        if result is not None:
            return result
        note = _note(reason)
    elif not address:
        note = _("there is no address to geocode")
    if not fallback:
        return None
    return locate_offline(address=address, community=community, street=street, district=district,
                          areas=areas, note=note)


def locate_offline(
    *, address: str = "", community: str = "", street: str = "", district: str = "",
    areas: AreaIndex | None = None, note: str = "",
) -> GeocodeResult | None:
    """The offline fallback: the gazetteer on the named areas and the address, or the areas the
    row names by code (which the gazetteer, reading text, cannot), whichever is more precise."""
    by_code = locate_by_names(community=community, street=street, district=district, areas=areas)
    text = "".join(part for part in (district, street, community, address) if part and not part.isdigit())
    placed = offline_gazetteer().locate(text) if text else None
    if isinstance(placed, Placement) and (
        by_code is None or precision_rank(placed.precision) <= precision_rank(by_code.precision)
    ):
        reason = f"{note}; {placed.reason}" if note else placed.reason
        return GeocodeResult(placed.lon, placed.lat, placed.precision, placed.matched, "gazetteer", reason)
    if by_code is not None:
        return GeocodeResult(by_code.lon, by_code.lat, by_code.precision, by_code.label, by_code.method, note)
    return None


@dataclass
class Area:
    level: str  # "community", "street" or "district"
    code: str
    name: str
    lon: float | None
    lat: float | None
    street_code: str = ""
    district_code: str = ""


def _short(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


@dataclass
class AreaIndex:
    """Districts, streets and communities by code and name, with a representative point each.

    Names match in full (福田区, 园岭街道, 百花社区) or without their suffix (福田, 园岭, 百花).
    """

    districts: list[Area] = field(default_factory=list)
    streets: list[Area] = field(default_factory=list)
    communities: list[Area] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls) -> AreaIndex:
        from resourcemap.directory.models import Community, District, Street

        index = cls()
        for d in District.objects.annotate(inside=PointOnSurface("boundary")).order_by("code"):
            inside = d.inside
            index.districts.append(
                Area("district", d.code, d.name, inside.x if inside else None, inside.y if inside else None,
                     district_code=d.code)
            )
        for s in Street.objects.annotate(inside=PointOnSurface("boundary")).order_by("code"):
            inside = s.inside
            index.streets.append(
                Area("street", s.code, s.name, inside.x if inside else None, inside.y if inside else None,
                     street_code=s.code, district_code=s.district_id)
            )
        for c in Community.objects.select_related("street").order_by("code"):
            index.communities.append(
                Area("community", c.code, c.name, c.centroid.x if c.centroid else None,
                     c.centroid.y if c.centroid else None, street_code=c.street_id,
                     district_code=c.street.district_id)
            )
        return index

    def _find(self, level: str, value: str, suffixes: tuple[str, ...], **within: str) -> Area | None:
        value = (value or "").strip()
        if not value:
            return None
        by_code, by_name = self._indexes(level, suffixes)
        area = by_code.get(value)
        if area is None:
            matches = by_name.get(value) or by_name.get(_short(value, suffixes)) or []
            matches = [a for a in matches if all(not want or getattr(a, k) == want for k, want in within.items())]
            return matches[0] if len(matches) == 1 else None
        return area if all(not want or getattr(area, k) == want for k, want in within.items()) else None

    def _indexes(self, level: str, suffixes: tuple[str, ...]) -> tuple[dict[str, Area], dict[str, list[Area]]]:
        """By code, and by full and short name (an import looks up every row: no list scans)."""
        if level not in self._cache:
            areas: list[Area] = getattr(self, level)
            by_name: dict[str, list[Area]] = {}
            for area in areas:
                for key in {area.name, _short(area.name, suffixes)}:
                    by_name.setdefault(key, []).append(area)
            self._cache[level] = ({a.code: a for a in areas}, by_name)
        return self._cache[level]

    def district(self, value: str) -> Area | None:
        return self._find("districts", value, ("新区", "区"))

    def street(self, value: str, district_code: str = "") -> Area | None:
        return self._find("streets", value, ("街道办事处", "街道", "镇"), district_code=district_code)

    def community(self, value: str, street_code: str = "", district_code: str = "") -> Area | None:
        return self._find(
            "communities", value, ("社区居委会", "居委会", "社区"), street_code=street_code,
            district_code=district_code,
        )

    def named_in(self, text: str) -> tuple[Area | None, Area | None, Area | None]:
        """(district, street, community) whose full names appear in an address; each None if not one."""
        if not text:
            return None, None, None

        def only(found: list[Area]) -> Area | None:
            return found[0] if len(found) == 1 else None

        district = only([d for d in self.districts if d.name in text])
        streets = [s for s in self.streets if s.name in text]
        if district:
            streets = [s for s in streets if s.district_code == district.code]
        street = only(streets)
        communities = [c for c in self.communities if len(c.name) > 2 and c.name in text]
        if street:
            communities = [c for c in communities if c.street_code == street.code]
        elif district:
            communities = [c for c in communities if c.district_code == district.code]
        return district, street, only(communities)


def locate_by_names(
    *, community: str = "", street: str = "", district: str = "", address: str = "",
    areas: AreaIndex | None = None,
) -> GeocodeResult | None:
    """The most precise located area among those named (codes or names), else named in the address."""
    areas = areas or AreaIndex.load()
    found_district = areas.district(district)
    found_street = areas.street(street, found_district.code if found_district else "")
    found_community = areas.community(
        community, found_street.code if found_street else "", found_district.code if found_district else ""
    )
    in_district, in_street, in_community = areas.named_in(address)
    for area in (found_community, in_community, found_street, in_street, found_district, in_district):
        if area is not None and area.lon is not None and area.lat is not None:
            return GeocodeResult(area.lon, area.lat, area.level, area.name, "names")
    return None
