"""Where is this point: its district, street and community, each with an honest confidence.

- District: inside a statutory district's outline ("inside"). District outlines are DataV's
  published outlines; a point in none of them but within DISTRICT_SLACK_M of one (a pier, a
  reclaimed shore the outline misses) is "probably" in the nearest one; farther is outside
  the city.
- Street: the street outlines are hand-traced (`Street.approximate`), so a point inside one
  but within STREET_BORDER_M of its edge is only "probably" in it, and a point in a gap
  between traced outlines is "probably" in the nearest street within STREET_GAP_M.
- Community: no public source gives community outlines. A community is known only when the
  typed address names it ("named") or when the street has a single community; otherwise it
  is "not_determinable", and the answer says so rather than guess from centroids.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections, router
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from resourcemap.directory.models import Community, Street
from resourcemap.directory.version_memo import VersionMemo, data_stamp
from resourcemap.geo.geocoding import AreaIndex

DISTRICT_SLACK_M = 1_000
STREET_BORDER_M = 300
STREET_GAP_M = 1_500
CONFIDENCES = ("inside", "probably", "named", "not_determinable")
CONFIDENCE_LABELS = {
    "inside": gettext_lazy("inside the outline"),
    "probably": gettext_lazy("probably"),
    "named": gettext_lazy("named in the address"),
    "not_determinable": gettext_lazy("not determinable"),
}


class OutsideCity(ValueError):
    """The point lies in no district of the city (nor within DISTRICT_SLACK_M of one)."""


@dataclass(frozen=True)
class AreaPart:
    level: str  # "district", "street" or "community"
    code: str | None
    name: str
    confidence: str  # one of CONFIDENCES
    note: str = ""

    @property
    def known(self) -> bool:
        return self.code is not None

    @property
    def confidence_label(self) -> str:
        return str(CONFIDENCE_LABELS[self.confidence])

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name or None, "confidence": self.confidence, "note": self.note}


@dataclass(frozen=True)
class PointArea:
    lon: float
    lat: float
    district: AreaPart
    street: AreaPart
    community: AreaPart
    functional_area: AreaPart | None = None  # 大鹏新区: run as a district, legally part of 龙岗区

    @property
    def parts(self) -> list[AreaPart]:
        return [self.district, self.street, self.community]

    def as_json(self) -> dict[str, object]:
        return {
            "district": self.district.as_json(),
            "functional_area": self.functional_area.as_json() if self.functional_area else None,
            "street": self.street.as_json(),
            "community": self.community.as_json(),
            "outlines": _(
                "District outlines are published outlines (DataV); street outlines are traced by hand and "
                "approximate; there are no community outlines."
            ),
        }


# Raw SQL: ST_Intersects through the GiST index on the outlines answers "which outline holds
# the point" first; the geodesic distances, which cost most on detailed outlines, are computed
# only for what needs them: the edge of the one street holding the point ("inside" against
# "probably", no ORM function for ST_Boundary), and distances to nearby outlines only when no
# outline holds the point.
_NEAREST_SQL = """
SELECT code, name, ST_Distance(boundary::geography, pt::geography) AS away_m {columns}
FROM {table}, (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326) AS pt) AS q
WHERE boundary && ST_Expand(pt, %s) {extra}
ORDER BY away_m
LIMIT 1
"""
# The districts and the streets holding the point, in one round trip (each part then reads its
# own rows): level, code, name, district kind; street district_id, approximate, edge metres.
_HOLDING_BOTH_SQL = """
WITH q AS (SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326) AS pt)
SELECT 'district', code, name, kind, NULL, NULL, NULL
FROM directory_district, q WHERE ST_Intersects(boundary, pt)
UNION ALL
SELECT 'street', code, name, NULL, district_id, approximate, ST_Distance(ST_Boundary(boundary)::geography, pt::geography)
FROM directory_street, q WHERE ST_Intersects(boundary, pt)
ORDER BY 1, 2
"""


def _rows(sql: str, params: list[float]) -> list[tuple]:
    # The database the router reads outlines from (the replica on the public read path).
    with connections[router.db_for_read(Street)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _query(sql: str, table: str, params: list[float], extra: str = "", columns: str = "") -> list[tuple]:
    return _rows(sql.format(table=table, extra=extra, columns=columns), params)


def _holding(lon: float, lat: float) -> tuple[list[tuple], list[tuple]]:
    """(districts, streets) whose outlines hold the point, as _district_part and _street_part read them."""
    rows = _rows(_HOLDING_BOTH_SQL, [lon, lat])
    districts = [(code, name, kind) for level, code, name, kind, *_street in rows if level == "district"]
    streets = [(code, name, *street) for level, code, name, _kind, *street in rows if level == "street"]
    return districts, streets


def _district_part(lon: float, lat: float, holding: list[tuple]) -> tuple[AreaPart, AreaPart | None]:
    statutory = [row for row in holding if row[2] == "statutory"]
    if statutory:
        code, name, _kind = statutory[0]
        part = AreaPart("district", code, name, "inside")
    else:
        near = _query(_NEAREST_SQL, "directory_district", [lon, lat, 0.02], "AND kind = 'statutory'")
        if not near or near[0][2] > DISTRICT_SLACK_M:
            raise OutsideCity(_("This point is not in the city."))
        code, name, away = near[0]
        part = AreaPart("district", code, name, "probably", _(
            "Just outside the district outline (%(metres)d m); probably in %(name)s."
        ) % {"metres": away, "name": name})
    area = None
    for found_code, found_name, kind in holding:
        if kind == "functional":
            area = AreaPart("district", found_code, found_name, "inside", _(
                "%(area)s is a functional area run as a district; legally it is part of %(district)s."
            ) % {"area": found_name, "district": part.name})
    return part, area


def _street_part(lon: float, lat: float, district: AreaPart, holding: list[tuple]) -> AreaPart:
    columns = ", district_id, approximate"
    if holding:
        code, name, district_id, approximate, edge_m = holding[0]
    else:
        near = _query(_NEAREST_SQL, "directory_street", [lon, lat, STREET_GAP_M / 90_000], columns=columns)
        if not near or near[0][2] > STREET_GAP_M:
            return AreaPart("street", None, "", "not_determinable", _("No street outline covers or is near this point."))
        code, name, away_m, district_id, approximate = near[0]
    if district_id != district.code:
        return AreaPart("street", code, name, "probably", _(
            "The traced street outline and the district outline disagree here."
        ))
    if holding and (not approximate or edge_m >= STREET_BORDER_M):
        return AreaPart("street", code, name, "inside")
    if holding:
        return AreaPart("street", code, name, "probably", _(
            "Within %(limit)d m of a hand-traced street border (%(metres)d m): probably %(name)s."
        ) % {"limit": STREET_BORDER_M, "metres": edge_m, "name": name})
    return AreaPart("street", code, name, "probably", _(
        "In a gap between hand-traced street outlines, %(metres)d m from %(name)s: probably that street."
    ) % {"metres": away_m, "name": name})


def _community_part(street: AreaPart, address: str, areas: AreaIndex | None) -> AreaPart:
    if address:
        _district, _street, named = (areas or AreaIndex.load()).named_in(address)
        if named is not None and (not street.known or named.street_code == street.code):
            return AreaPart("community", named.code, named.name, "named", _("Named in the address."))
    if street.known:
        only = _only_community(street.code)
        if only is not None:
            return AreaPart("community", only[0], only[1], street.confidence, _(
                "The only community recorded for this street."
            ))
    return AreaPart("community", None, "", "not_determinable", _(
        "No public source gives community outlines: name the community in the address to find it."
    ))


def locate_point(lon: float, lat: float, *, address: str = "", areas: AreaIndex | None = None) -> PointArea:
    """The areas of a WGS-84 point; `address` (when typed) can name the community. OutsideCity if none."""
    holding_districts, holding_streets = _holding(lon, lat)
    district, functional = _district_part(lon, lat, holding_districts)
    street = _street_part(lon, lat, district, holding_streets)
    community = _community_part(street, address, areas)
    return PointArea(lon, lat, district, street, community, functional)


def _only_community(street_code: str) -> tuple[str, str] | None:
    """(code, name) of the street's community when it has exactly one; kept per data version."""
    stamp = data_stamp()
    kept = _only_communities.get(stamp, street_code)
    if kept is None:
        found = list(Community.objects.filter(street_id=street_code).only("name")[:2])
        kept = ((found[0].code, found[0].name),) if len(found) == 1 else ()
        _only_communities.put(stamp, street_code, kept)
    return kept[0] if kept else None


# street code -> ((code, name),) or () when it has none or several (a memo keeps no None).
_only_communities: VersionMemo[tuple[tuple[str, str], ...]] = VersionMemo(size=2048)
