"""Loading the shipped boundaries (data/boundaries/) into District / Street / Community."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.management import call_command

from resourcemap.directory.models import Community, District, Street

pytestmark = pytest.mark.django_db
FOLDER = Path(settings.BASE_DIR) / "data" / "boundaries"


def test_it_loads_districts_streets_and_communities():
    call_command("load_boundaries", "--commit")
    assert District.objects.filter(kind="statutory").count() == 9
    dapeng = District.objects.get(code="dapeng")
    assert dapeng.kind == "functional" and dapeng.parent_id == "440307"
    assert Street.objects.count() >= 74
    assert Street.objects.filter(functional_area=dapeng).count() == 3
    assert all(street.approximate for street in Street.objects.all())
    assert Community.objects.count() > 700


def test_it_is_idempotent():
    call_command("load_boundaries", "--commit")
    counts = (District.objects.count(), Street.objects.count(), Community.objects.count())
    call_command("load_boundaries", "--commit")
    assert (District.objects.count(), Street.objects.count(), Community.objects.count()) == counts


def test_it_puts_a_known_point_in_the_right_district():
    call_command("load_boundaries", "--commit")
    # 深圳市民中心 (Civic Center), Futian, WGS-84.
    civic_center = Point(114.0544, 22.5410, srid=4326)
    assert District.objects.get(kind="statutory", boundary__contains=civic_center).name == "福田区"
