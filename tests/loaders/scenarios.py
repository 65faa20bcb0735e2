"""The import scenarios, as data: test_scenarios.py runs each through the command and the core.

Each builds its file in a tmp dir, imports it (with --commit unless `commit` is False), and
states the exit status, the issues (row as Excel numbers it, column, message fragment in English
and, where the door may answer in Chinese, in simplified Chinese too), how
many sites of the source exist afterwards, and optionally a check of what was stored.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from resourcemap.directory.models import ServicePoint
from resourcemap.geo.transform import from_wgs84
from tests.loaders.doors import Outcome
from tests.loaders.files import site, write_csv, write_xlsx

# Shenzhen (Nanshan) WGS-84 / GCJ-02 pair: googollee/eviltransform python/test.py (as in tests/geo).
WGS = (113.912316, 22.543847)
GCJ = (113.9171764808363, 22.540796131694766)


def _bd09(lon: float, lat: float) -> tuple[float, float]:
    """Baidu's published GCJ-02 -> BD-09 forward formula, written out independently of the code."""
    z = math.sqrt(lon * lon + lat * lat) + 0.00002 * math.sin(lat * math.pi * 3000.0 / 180.0)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * math.pi * 3000.0 / 180.0)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


BD = _bd09(*GCJ)


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def stored(external_id: str) -> ServicePoint:
    return ServicePoint.objects.get(source="manual", external_id=external_id)


@dataclass
class Scenario:
    name: str
    make: Callable[[Path], Path]
    exit_code: int
    sites: int  # sites of the source after the import
    options: dict[str, Any] = field(default_factory=dict)
    commit: bool = True
    # (row, column, message fragment): a fragment is English, or (English, simplified Chinese) for
    # doors that answer in the administrator's language (the admin upload).
    errors: list[tuple[int | None, str, str | tuple[str, str]]] = field(default_factory=list)
    warnings: list[tuple[int | None, str, str | tuple[str, str]]] = field(default_factory=list)
    check: Callable[[], None] | None = None

    def assert_outcome(self, outcome: Outcome) -> None:
        """What any door (command, core, admin upload) must have done with this scenario."""
        from loaders.models import ImportRun

        assert outcome.exit_code == self.exit_code, outcome.output or outcome.report
        for row, column, fragment in self.errors:
            assert outcome.has("errors", row, column, fragment), outcome.issues("errors")
        for row, column, fragment in self.warnings:
            assert outcome.has("warnings", row, column, fragment), outcome.issues("warnings")
        if self.exit_code == 0:
            assert outcome.issues("errors") == []
        source = self.options.get("source", "manual")
        assert ServicePoint.objects.filter(source=source).count() == self.sites
        applied = self.commit and self.exit_code != 2 and (
            self.exit_code == 0 or "skip_invalid" in self.options
        )
        assert ImportRun.objects.count() == (1 if applied else 0)
        if self.check:
            self.check()


def _gbk_chinese_headers(tmp: Path) -> Path:
    rows = [
        {"编号": "gd-1", "机构名称": "园岭社区儿童之家", "服务类型": "党群服务中心", "主管部门": "民政部门",
         "地址": "深圳市福田区园岭街道百花二路", "所属区": "福田区", "街道": "园岭街道", "经度": 114.02,
         "纬度": 22.52, "联系电话": "0755-83000001；0755-83000002", "开放时间": "周一至周五 9:00-18:00",
         "核实日期": "2024/3/1", "备注": "旧表"},
        {"编号": "gd-2", "机构名称": "葵涌未成年人保护工作站", "服务类型": "Minor protection centre",
         "主管部门": "civil_affairs", "地址": "大鹏新区葵涌街道", "所属区": "", "街道": "", "经度": 114.35,
         "纬度": 22.65, "联系电话": "12345", "开放时间": "24/7", "核实日期": "2024-03-01", "备注": ""},
    ]
    return write_csv(tmp / "gbk.csv", rows, encoding="gbk")


def _check_gbk() -> None:
    first, second = stored("gd-1"), stored("gd-2")
    assert first.name == "园岭社区儿童之家"
    assert first.phones == ["0755-83000001", "0755-83000002"]
    assert first.category.code == "party_mass_centre" and first.organization.code == "civil_affairs"
    assert (first.district_id, first.street_id) == ("440304", "440304001000")
    assert first.opening_hours[0] == {"day": 0, "opens": "09:00", "closes": "18:00"}
    assert str(first.assured_date) == "2024-03-01"
    # No district or street given: assigned by point-in-polygon (a street of 大鹏新区 in 龙岗区).
    assert (second.district_id, second.street_id) == ("440307", "440307102000")
    assert second.category.code == "minor_protection" and len(second.opening_hours) == 7


def _xlsx(tmp: Path) -> Path:
    rows = [site("x-1", "福田区特殊教育学校", category="special_school", assured_date=datetime(2024, 5, 6),
                 min_age=6, max_age=18.5, fee_free="是", website="https://example.org/school"),
            site("x-2", "园岭幼儿园", category="幼儿园", lon=114.03, lat=22.51)]
    return write_xlsx(tmp / "sites.xlsx", rows, sheet="站点")


def _check_xlsx() -> None:
    school = stored("x-1")
    assert str(school.assured_date) == "2024-05-06"
    assert (str(school.min_age), str(school.max_age), school.fee_free) == ("6.0", "18.5", True)
    assert stored("x-2").category.code == "kindergarten"


def _point_check(external_id: str) -> Callable[[], None]:
    def check() -> None:
        point = stored(external_id).location
        assert metres((point.x, point.y), WGS) < 1.0
    return check


SCENARIOS = [
    Scenario("gbk csv with chinese headers", _gbk_chinese_headers, 0, 2, check=_check_gbk,
             warnings=[(None, "备注", ("unknown column", "未识别的列"))]),
    Scenario("utf-8 with BOM, english header variants",
             lambda t: write_csv(t / "bom.csv", [site("u-1", "园岭站", district="440304", street="园岭")],
                                 encoding="utf-8-sig", rename={"lon": "Longitude", "lat": "Latitude",
                                                               "phone": "Telephone", "external_id": "ID"}),
             0, 1, check=lambda: stored("u-1").street_id == "440304001000" or _fail("street")),
    Scenario("unknown district and street", lambda t: write_csv(t / "ud.csv", [
        site("ud-1", "甲", district="火星区"), site("ud-2", "乙", street="不存在街道")]),
        1, 0, errors=[(2, "district", ("unknown district", "未知的区")), (3, "street", ("unknown street", "未知的街道"))]),
    Scenario("xlsx", _xlsx, 0, 2, options={"sheet": "站点"}, check=_check_xlsx),
    Scenario("xlsx missing sheet", _xlsx, 2, 0, options={"sheet": "nope"}),
    Scenario("gcj02 converted", lambda t: write_csv(t / "gcj.csv", [site("g-1", "南山点", *GCJ)]), 0, 1,
             options={"crs": "gcj02"}, check=_point_check("g-1")),
    Scenario("bd09 converted", lambda t: write_csv(t / "bd.csv", [site("b-1", "南山点", *BD)]), 0, 1,
             options={"crs": "bd09"}, check=_point_check("b-1")),
    Scenario("swapped lat lon", lambda t: write_csv(t / "s.csv", [site("s-1", "甲", 114.02, 22.52),
                                                                    site("s-2", "乙", 22.52, 114.02)]),
             1, 0, errors=[(3, "lon", ("swapped", "填反了"))]),
    Scenario("point outside the city", lambda t: write_csv(t / "o.csv", [site("o-1", "广州点", 113.26, 23.13)]),
             1, 0, errors=[(2, "lon", ("outside the city", "在本市范围之外"))]),
    # Baidu coordinates of a point 5 km east of the city box, declared WGS-84: only as BD-09 is it inside.
    Scenario("wrong crs suggested",
             lambda t: write_csv(t / "w.csv", [site("w-1", "甲", *from_wgs84(114.705, 22.6, "bd09"))]),
             1, 0, errors=[(2, "lon", ("may be in bd09, not wgs84", "可能是 bd09 而不是 wgs84"))]),
    Scenario("projected metres", lambda t: write_csv(t / "m.csv", [site("m-1", "甲", 500000, 2500000)]),
             1, 0, errors=[(2, "lon", ("not degrees", "不是度数"))]),
    Scenario("missing name", lambda t: write_csv(t / "n.csv", [site("n-1", "甲"), site("n-2", "")]),
             1, 0, errors=[(3, "name", ("name is required", "名称为必填项"))]),
    Scenario("duplicate id", lambda t: write_csv(t / "d.csv", [site("d-1", "甲"), site("d-1", "乙")]),
             1, 0, errors=[(3, "external_id", ("row 2", "第 2 行"))]),
    Scenario("unknown category", lambda t: write_csv(t / "c.csv", [site("c-1", "甲", category="游乐场")]),
             1, 0, errors=[(2, "category", ("unknown category", "未知类别"))]),
    Scenario("malformed cells", lambda t: write_csv(t / "bad.csv", [
        site("v-1", "甲", phone="call me", assured_date="2024-13-40", min_age=12, max_age=3,
             website="example.org", location_precision="gps", status="maybe")]),
        1, 0, errors=[(2, "phone", ("not a phone", "不是电话号码")), (2, "assured_date", ("not a date", "不是日期")), (2, "max_age", ("below", "小于")),
                      (2, "website", "http"), (2, "location_precision", ("unknown", "未知定位精度")), (2, "status", ("unknown", "未知状态"))]),
    Scenario("html in a name stored verbatim",
             lambda t: write_csv(t / "h.csv", [site("h-1", "<script>alert(1)</script><b>儿童之家</b>")]), 0, 1,
             check=lambda: stored("h-1").name == "<script>alert(1)</script><b>儿童之家</b>" or _fail("html")),
    Scenario("skip invalid applies the valid rows",
             lambda t: write_csv(t / "k.csv", [site("k-1", "甲"), site("k-2", "乙", category="??")]),
             1, 1, options={"skip_invalid": True}, errors=[(3, "category", ("unknown", "未知类别"))]),
    Scenario("dry run writes nothing", lambda t: write_csv(t / "dry.csv", [site("y-1", "甲")]), 0, 0, commit=False),
    Scenario("no name column", lambda t: write_csv(t / "nn.csv", [{"编号": "1", "地址": "x"}]), 2, 0),
    Scenario("empty file", lambda t: (t / "empty.csv").write_bytes(b"") or t / "empty.csv", 2, 0),
    Scenario("unknown crs", lambda t: write_csv(t / "u.csv", [site("u-1", "甲")]), 2, 0, options={"crs": "utm"}),
    Scenario("no coordinates, offline: located by the named street",
             lambda t: write_csv(t / "f.csv", [site("f-1", "甲", "", "", address="园岭街道某路1号")]), 0, 1,
             warnings=[(2, "address", ("no geocoder is configured", "未配置地理编码服务"))],
             check=lambda: stored("f-1").location_precision == "street" or _fail("precision")),
    Scenario("no coordinates and nothing to locate",
             lambda t: write_csv(t / "z.csv", [site("z-1", "甲", "", "", address="某路1号")]), 1, 0,
             errors=[(2, "lon", ("no coordinates", "没有坐标"))]),
]


def _fail(what: str) -> None:
    raise AssertionError(what)
