"""Rows without coordinates: the geocoder's recorded replies are replayed (never the network), and
without a geocoder, or when it finds nothing or fails, the named community/street/district is used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError

from resourcemap.directory.models import Community, ServicePoint
from resourcemap.geo.geocoding import geocode_address, locate_by_names
from tests.loaders.doors import DOORS
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db
RECORDINGS = json.loads((Path(__file__).parent / "recordings" / "nominatim_search.json").read_text("utf-8"))


class ReplayAdapter(BaseSyncAdapter):
    """geopy's one outbound HTTP call, answered from tests/loaders/recordings/."""

    queries: list[str] = []
    fail = False

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        query = parse_qs(urlparse(url).query)["q"][0]
        ReplayAdapter.queries.append(query)
        if ReplayAdapter.fail:
            raise GeocoderServiceError("503 from the recording")
        return RECORDINGS[query]

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise AssertionError("the geocoder asked for text")


@pytest.fixture
def nominatim(settings: Any) -> type[ReplayAdapter]:
    settings.GEOCODER = "Nominatim"
    settings.GEOCODER_OPTIONS = {"domain": "nominatim.test", "user_agent": "resourcemap-tests",
                                 "adapter_factory": ReplayAdapter}
    settings.GEOCODER_MIN_DELAY_SECONDS = 0
    ReplayAdapter.queries, ReplayAdapter.fail = [], False
    cache.clear()
    return ReplayAdapter


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
def test_it_geocodes_a_row_from_the_recorded_reply(door, nominatim, boundaries, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "g.csv", [site("g-1", "书城儿童馆", "", "", address="深圳市福田区福中一路2014号")])

    outcome = door(path, commit=True)

    assert outcome.exit_code == 0
    stored = ServicePoint.objects.get(external_id="g-1")
    assert (stored.location.x, stored.location.y, stored.location_precision) == (114.0545, 22.5499, "address")
    assert stored.district_id == "440304"  # point-in-polygon after geocoding
    assert outcome.has("warnings", 2, "address", "geocoded address")
    assert nominatim.queries == ["深圳市福田区福中一路2014号"]


def test_it_asks_the_geocoder_once_per_address(nominatim, boundaries) -> None:
    first = geocode_address("深圳市福田区福中一路2014号")
    second = geocode_address("深圳市福田区福中一路2014号")

    assert first == second and first.method == "geocoder"
    assert nominatim.queries == ["深圳市福田区福中一路2014号"]


def test_it_does_not_remember_addresses_typed_by_the_public(nominatim, boundaries) -> None:
    geocode_address("深圳市福田区福中一路2014号", remember=False)
    geocode_address("深圳市福田区福中一路2014号", remember=False)

    assert len(nominatim.queries) == 2
    assert geocode_address("深圳市福田区福中一路2014号", remember=False).precision == "address"


@pytest.mark.parametrize(("address", "note"), [
    ("园岭街道无此路999号", "the geocoder found nothing"),
    ("广州市天河区天河路208号", "outside the city"),
])
@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
def test_it_falls_back_to_the_named_area(door, nominatim, boundaries, tmp_path: Path, address: str, note: str) -> None:
    path = write_csv(tmp_path / "f.csv", [site("f-1", "甲", "", "", address=address, street="园岭街道")])

    outcome = door(path, commit=True)

    assert outcome.exit_code == 0
    assert outcome.has("warnings", 2, "address", note)
    assert outcome.has("warnings", 2, "address", "street 园岭街道 (approximate)")
    assert ServicePoint.objects.get(external_id="f-1").location_precision == "street"


def test_it_converts_a_geocoder_answering_in_gcj02(nominatim, settings) -> None:
    from tests.loaders.scenarios import WGS, metres

    settings.GEOCODER_CRS = "gcj02"
    result = geocode_address("深圳市南山区科技园（高德坐标）")

    assert metres((result.lon, result.lat), WGS) < 1.0


def test_it_falls_back_when_the_geocoder_fails(nominatim, boundaries) -> None:
    nominatim.fail = True
    result = geocode_address("深圳市福田区园岭街道某路1号")

    assert (result.method, result.precision, result.label) == ("gazetteer", "street", "园岭街道")
    assert "failed" in result.note


def test_it_prefers_a_community_centroid_to_its_street(boundaries) -> None:
    Community.objects.create(code="440304001001", name="百花社区", street_id="440304001000",
                             centroid="SRID=4326;POINT(114.021 22.521)")

    by_name = locate_by_names(community="百花", street="园岭街道")
    in_address = locate_by_names(address="福田区园岭街道百花社区百花二路")
    by_district = locate_by_names(district="440304")

    assert (by_name.precision, by_name.lon, by_name.lat) == ("community", 114.021, 22.521)
    assert in_address.precision == "community"
    assert by_district.precision == "district"
    assert locate_by_names(address="某路1号") is None


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
def test_it_warns_when_the_geocoders_point_contradicts_the_address(door, nominatim, boundaries, tmp_path: Path) -> None:
    """A configured geocoder is cross-checked against the offline gazetteer: a reply ~25 km from
    the road the address names is kept (it is the configured source) but flagged in the plan."""
    path = write_csv(tmp_path / "g.csv", [
        site("g-far", "书城儿童馆", "", "", address="深圳市福田区福中一路1号"),
        site("g-near", "书城儿童馆二", "", "", address="深圳市福田区福中一路2014号"),
    ])

    outcome = door(path, commit=True)

    assert outcome.exit_code == 0
    far = ServicePoint.objects.get(external_id="g-far")
    assert (far.location.x, far.location.y) == (114.247, 22.72)
    contradiction = ("from where the address points", "地址所指位置")
    assert outcome.has("warnings", 2, "address", contradiction), outcome.issues("warnings")
    assert not outcome.has("warnings", 3, "address", contradiction)
