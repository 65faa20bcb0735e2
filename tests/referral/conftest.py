from __future__ import annotations

import pytest


@pytest.fixture
def referral_sites(make_site, boundaries):
    """Around Futian (114.05, 22.55): hospitals at increasing distances, one closed, one temporarily closed."""
    return {
        "h1": make_site(name="近医院", category="hospital", lon=114.051, lat=22.55, phones=["0755-1"],
                        address="福田区一路1号", eligibility="所有儿童",
                        opening_hours=[{"day": d, "opens": "00:00", "closes": "24:00"} for d in range(7)]),
        "h2": make_site(name="中医院", category="childrens_hospital", lon=114.06, lat=22.55, min_age=0, max_age=14),
        "h3": make_site(name="远医院", category="hospital", lon=114.08, lat=22.55, location_precision="street"),
        # Placed only at its district's point, right beside the child: never offered by distance.
        "h_district": make_site(name="区级医院", category="hospital", lon=114.0505, lat=22.5505,
                                location_precision="district"),
        "h4": make_site(name="更远医院", category="hospital", lon=114.12, lat=22.55),
        "h_closed": make_site(name="关闭医院", category="hospital", lon=114.0501, lat=22.5501, status="closed"),
        "h_paused": make_site(name="暂停医院", category="hospital", lon=114.0502, lat=22.5502,
                              status="temporarily_closed"),
        "centre": make_site(name="园岭党群服务中心", category="party_mass_centre", lon=114.03, lat=22.54),
    }
