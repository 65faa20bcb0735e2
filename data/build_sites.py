"""Build data/sites.csv (and the boundary files) from data/sources/.

Run: .venv/bin/python data/build_sites.py [--out DIR]
The output is byte-identical on every run; see data/README.md for the sources and rules.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import build_boundaries as bb  # noqa: E402
from refine_sites import CHANGE_HEADER, Refiner  # noqa: E402
from site_helpers import (  # noqa: E402
    DISTRICT_GROUP,
    Locator,
    Placement,
    crs_test,
    normalise_phones,
    write_rows,
)
from site_vocab import (  # noqa: E402
    COMPULSORY,
    DATE_CONTEXT,
    DATE_NBS2021,
    DATE_NBS2022,
    DATE_SGM,
    DATE_TENCENT,
    DESCRIPTION,
    EXTRA_ALIASES,
    ORG,
    SCHOOL_AGES,
    SCHOOL_CATEGORY,
    SHELTERS,
    TEACH_PRIMARY,
    TENCENT,
)

from resourcemap.geo.transform import to_wgs84  # noqa: E402

HEADER = (
    "external_id,name,alternate_name,category,organization,description,address,district_code,district,"
    "street_code,street,community_code,community,lon,lat,location_precision,phone,website,hours,hours_note,"
    "min_age,max_age,eligibility,languages,accessibility,fee_free,fees,status,assured_date,provenance"
).split(",")


class Builder:
    def __init__(self, b: bb.Boundaries) -> None:
        self.b = b
        self.loc = Locator(b)
        self.rows: list[dict[str, str]] = []
        self.omitted: Counter = Counter()
        self.placed: Counter = Counter()
        self.crs_figures: dict[str, dict[str, int]] = {}
        self.also: list[tuple[str, str, str]] = []  # (external_id, further category, why)

    def add(self, pl: Placement, **kw: object) -> None:
        """One row; keys starting with _ (the source's district label) are for refine_sites only."""
        st = self.b.streets[pl.street_code]
        comm = self.loc.communities.get(pl.community_code)
        row = dict.fromkeys(HEADER, "")
        row.update(
            district_code=pl.district_code,
            district=self.b.districts[pl.district_code].name,
            street_code=pl.street_code,
            street=st.name,
            community_code=pl.community_code,
            community=comm.name if comm else "",
            lon=f"{pl.lon:.6f}",
            lat=f"{pl.lat:.6f}",
            location_precision=pl.precision,
            status="active",
        )
        row.update(kw)
        row["organization"] = ORG[row["category"]]
        row["description"] = row["description"] or DESCRIPTION.get(row["category"], "")
        self.rows.append(row)

    # --- party-mass service centres ---------------------------------------------
    def party_mass(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        stations = self._stations_by_community()
        for c in self.b.communities:  # sorted by code: the first committee anchors a 社区
            key = (c.street_code, c.name.split("社区")[0] + "社区")
            if key in seen:
                continue
            seen[key] = c.code
            short = key[1]
            extra = stations.get(c.code)
            aliases = [short.removesuffix("社区") + "党群服务中心"]
            prov = f"communities_nbs2021.csv#village_code={c.code}"
            desc = "社区党群服务中心：党群服务、儿童之家、政策咨询、便民服务"
            address = ""
            if extra:
                aliases.append(extra[1])
                address = extra[2]
                prov += f"; shelters_2018.csv#RECID={extra[0]} (address)"
                desc += "。地址为2018年社区工作站地址，可能已变更"
            pl = self.loc.community_point(c.code)
            self.add(
                pl,
                external_id=f"pmc-community-{c.code}",
                name=f"{short}党群服务中心",
                alternate_name=";".join(aliases),
                category="party_mass_centre",
                description=desc,
                address=address,
                assured_date=DATE_NBS2021,
                provenance=prov,
            )
        for code, s in sorted(self.b.streets.items()):
            if s.kind != "street":
                continue
            self.add(
                self.loc.street_point(code),
                external_id=f"pmc-street-{code}",
                name=f"{s.name}党群服务中心",
                alternate_name=s.name.removesuffix("街道") + "街道党群中心",
                category="party_mass_centre",
                description="街道党群服务中心：党群服务、政策咨询、便民服务、社会工作服务",
                assured_date=DATE_NBS2022,
                provenance=f"streets_nbs2022.csv#code={code[:9]}",
            )
        for code in [*sorted(self.b.districts), "dapeng"]:
            name = "大鹏新区" if code == "dapeng" else self.b.districts[code].name
            self.add(
                self.loc.district_point(code),
                external_id=f"pmc-district-{code}",
                name=f"{name}党群服务中心",
                alternate_name=f"{name}党群中心",
                category="party_mass_centre",
                description="区党群服务中心：党群服务、政策咨询、志愿服务",
                assured_date=DATE_NBS2022,
                provenance=f"districts_datav_gcj02.geojson#adcode={code}"
                if code != "dapeng"
                else "streets_handdigitised_wgs84.geojson (葵涌/大鹏/南澳)",
            )

    def _stations_by_community(self) -> dict[str, tuple[str, str, str]]:
        """2018 社区工作站 (forerunners of the party-mass centres) matched to NBS communities."""
        out: dict[str, tuple[str, str, str]] = {}
        by_key: dict[str, list[bb.Community]] = {}
        for c in self.b.communities:
            by_key.setdefault(bb.community_key(c.name), []).append(c)
        for r in bb.read_csv(bb.SRC / "poi/shelters_2018.csv"):
            m = re.fullmatch(r"(.+?)社区工作站", r["UNITNAME"])
            if not m:
                continue
            cands = by_key.get(m.group(1), [])
            hinted = self.loc.hinted_districts(r["ADDRESS"])
            if hinted:
                cands = [c for c in cands if c.district_code in hinted]
            if len(cands) == 1 and cands[0].code not in out:
                out[cands[0].code] = (r["RECID"], r["UNITNAME"], r["ADDRESS"])
        return out

    # --- minor protection --------------------------------------------------------
    def minor_protection(self) -> None:
        for code in sorted(self.b.districts):
            name = self.b.districts[code].name
            self.add(
                self.loc.district_point(code),
                external_id=f"minor-protection-district-{code}",
                name=f"{name}未成年人保护中心",
                alternate_name=f"{name}未保中心",
                category="minor_protection",
                description="区未成年人保护中心：困境和受侵害未成年人的临时监护与救助、个案转介、政策咨询。"
                "未成年人保护热线 12345 转 6（24小时）。位置为区代表点，非实际地址",
                min_age="0",
                max_age="18",
                fee_free="true",
                hours_note="地址与开放时间未收录；可拨打 12345 转 6 咨询",
                assured_date=DATE_CONTEXT,
                provenance=f"CONTEXT.md (every district has a minor-protection centre)#district={code}",
            )

    # --- schools -------------------------------------------------------------------
    def schools(self) -> None:
        rows = bb.read_csv(bb.SRC / "poi/schools_2018.csv")
        pts = [
            (float(r["lng"]), float(r["lat"]), DISTRICT_GROUP[r["school_address_region_code"][:6]])
            for r in rows
            if r["lng"]
        ]
        crs, self.crs_figures["schools_2018"] = crs_test(self.loc, pts, "schools_2018.csv")
        for r in rows:
            sub, cls = r["subject_school_type_name"], r["name_of_school_classification"]
            if sub == "成人中等专业学校":
                self.omitted["school: adult education"] += 1
                continue
            category = SCHOOL_CATEGORY[cls]
            name = r["userName"].strip()
            label = r["school_address_region_code"][:6]
            if r["lng"]:
                pl = self.loc.place_point(*bb_to_wgs(float(r["lng"]), float(r["lat"]), crs))
                how = ""
            else:
                pl, how = self.loc.resolve_text(name + " " + r["school_address"], label)
            if pl is None:
                self.omitted[f"school without coordinates: {how or 'outside Shenzhen'}"] += 1
                continue
            if how:
                self.placed[f"school without coordinates: {how}"] += 1
            public = r["name_of_school_nature"] != "民办"
            ages = SCHOOL_AGES.get(sub, ("", ""))
            fee_free, fees = "", ""
            if category == "kindergarten":
                fee_free, fees = "false", "收取保育教育费（标准以园方公示为准）"
            elif sub in COMPULSORY:
                fee_free, fees = ("true", "义务教育免学费") if public else ("false", "民办学校收费")
            if sub in TEACH_PRIMARY and category != "primary_school":
                self.also.append((f"school-2018-{r['id']}", "primary_school", f"{sub}: teaches primary grades"))
            self.add(
                pl,
                external_id=f"school-2018-{r['id']}",
                name=name,
                alternate_name=aliases(name),
                category=category,
                description=DESCRIPTION[category] + ("。办学性质：公办" if public else "。办学性质：民办"),
                address=r["school_address"].strip(),
                phone=normalise_phones(r["office_phone"]),
                min_age=ages[0],
                max_age=ages[1],
                fee_free=fee_free,
                fees=fees,
                assured_date=DATE_SGM,
                provenance=f"schools_2018.csv#id={r['id']}",
                _label_districts=DISTRICT_GROUP.get(label, {label}),
            )

    # --- hospitals -----------------------------------------------------------------
    def hospitals(self) -> None:
        rows = bb.read_csv(bb.SRC / "poi/hospitals_2018.csv")
        area = {v.name: k for k, v in self.b.districts.items()} | {
            "龙华新区": "440309",
            "光明新区": "440311",
            "平山区": "440310",
        }
        pts = [
            (float(r["LNG"]), float(r["LAT"]), {area[r["AREA"]]} | DISTRICT_GROUP.get(area[r["AREA"]], set()))
            for r in rows
            if r["LNG"]
        ]
        crs, self.crs_figures["hospitals_2018"] = crs_test(self.loc, pts, "hospitals_2018.csv")
        for r in rows:
            full = r["UNITNAME"].strip()
            if full == "深圳市急救中心":  # dispatch centre, not a place to visit; point contradicts address
                self.omitted["hospital: emergency dispatch centre"] += 1
                continue
            main, paren = split_paren(full)
            category = "hospital"
            if "儿童医院" in full:
                category = "childrens_hospital"
            elif "妇幼保健" in full:
                category = "maternal_child_health"
            how = ""
            if r["LNG"]:
                pl = self.loc.place_point(*bb_to_wgs(float(r["LNG"]), float(r["LAT"]), crs))
            else:
                pl, how = self.loc.resolve_text(full + " " + r["ADDRESS"], area.get(r["AREA"]))
            if pl is None:
                self.omitted[f"hospital without coordinates: {how}"] += 1
                continue
            if how:
                self.placed[f"hospital without coordinates: {how}"] += 1
            if paren and "医院" not in paren:  # a sub-unit such as （保健部）: keep the full name
                main, paren = full, ""
            alts = [paren.removeprefix("原"), *EXTRA_ALIASES.get(main, [])]
            self.add(
                pl,
                external_id=f"hospital-2018-{r['RECID']}",
                name=main,
                alternate_name=";".join(dict.fromkeys(a for a in alts if a)),
                category=category,
                address=r["ADDRESS"].strip(),
                phone=normalise_phones(r["TELEPHONE"]),
                min_age="0" if category == "childrens_hospital" else "",
                max_age="18" if category == "childrens_hospital" else "",
                assured_date=DATE_SGM,
                provenance=f"hospitals_2018.csv#RECID={r['RECID']}",
                _label_districts=({area[r["AREA"]]} | DISTRICT_GROUP.get(area[r["AREA"]], set()))
                if r["AREA"] in area else set(self.b.districts),
            )

    # --- welfare, relief -------------------------------------------------------------
    def welfare(self) -> None:
        for r in bb.read_csv(bb.SRC / "poi/tencent_pois_2020_gcj02.csv"):
            if r["tencent_id"] not in TENCENT:
                continue
            name, category, alts = TENCENT[r["tencent_id"]]
            pl = self.loc.place_point(*bb_to_wgs(float(r["lng_gcj02"]), float(r["lat_gcj02"]), "gcj02"))
            if pl is None:
                continue
            m = re.match(r"广东省深圳市(.+?号)", r["address"])
            self.add(
                pl,
                external_id=f"tencent-2020-{r['tencent_id']}",
                name=name,
                alternate_name=";".join(alts),
                category=category,
                address=m.group(1) if m else "",
                phone=normalise_phones(r["tel"]),
                min_age="0" if category == "child_welfare" else "",
                max_age="18" if category == "child_welfare" else "",
                assured_date=DATE_TENCENT,
                provenance=f"tencent_pois_2020_gcj02.csv#tencent_id={r['tencent_id']} (AED inside the institution)",
            )
        for r in bb.read_csv(bb.SRC / "poi/shelters_2018.csv"):
            if r["RECID"] not in SHELTERS:
                continue
            name, category, alts = SHELTERS[r["RECID"]]
            pl, how = self.loc.resolve_text(r["ADDRESS"], None, bare=True)
            if pl is None:
                self.omitted[f"shelter-list institution: {how}"] += 1
                continue
            self.placed[f"shelter-list institution: {how}"] += 1
            self.add(
                pl,
                external_id=f"shelter-2018-{r['RECID']}",
                name=name,
                alternate_name=";".join(dict.fromkeys(a for a in [r["UNITNAME"], *alts] if a != name)),
                category=category,
                address=r["ADDRESS"].strip(),
                assured_date=DATE_SGM,
                provenance=f"shelters_2018.csv#RECID={r['RECID']}",
                _label_districts=set(self.b.districts),  # the shelter list labels no district
            )


def bb_to_wgs(x: float, y: float, crs: str) -> tuple[float, float]:
    lon, lat = to_wgs84(x, y, crs)
    return round(lon, 6), round(lat, 6)


def split_paren(name: str) -> tuple[str, str]:
    m = re.match(r"^(.+?)\s*[(（](.+?)[)）]\s*$", name)
    return (m.group(1).strip(), m.group(2).strip()) if m else (name, "")


def aliases(name: str) -> str:
    short = re.sub(r"^(深圳市)?([\u4e00-\u9fff]{2}(新区|区))?([\u4e00-\u9fff]{2,3}(街道|办事处))?", "", name)
    out = [short] if short and short != name and len(short) >= 4 else []
    out += EXTRA_ALIASES.get(name, [])
    return ";".join(dict.fromkeys(out))


def build(out: Path) -> Builder:
    b = bb.load_all()
    bb.write_boundaries(b, out)
    builder = Builder(b)
    builder.party_mass()
    builder.minor_protection()
    builder.schools()
    builder.hospitals()
    builder.welfare()
    changes = Refiner(b, builder.rows, out).run()
    rows = sorted(builder.rows, key=lambda r: r["external_id"])
    write_rows(out / "site_categories.csv", ["external_id", "category", "reason"], sorted(builder.also))
    print(f"site_categories.csv: {len(builder.also)} sites in a further category")
    write_rows(out / "site_changes.csv", CHANGE_HEADER,
               [c.as_row() for c in sorted(changes, key=lambda c: (c.external_id, c.change))])
    for k, v in sorted(Counter(c.change for c in changes).items()):
        print(f"  gazetteer pass, {k}: {v}")
    ids = [r["external_id"] for r in rows]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate external_id")
    write_rows(out / "sites.csv", HEADER, [[r[h] for h in HEADER] for r in rows])
    print(f"sites.csv: {len(rows)} rows; point-in-polygon nearest-fallbacks: {builder.loc.pip_fallbacks}")
    for k, v in sorted(Counter(r["category"] for r in rows).items()):
        print(f"  category {k}: {v}")
    for k, v in sorted(Counter(r["location_precision"] for r in rows).items()):
        print(f"  precision {k}: {v}")
    for k, v in sorted(builder.placed.items()):
        print(f"  placed from place names, {k}: {v}")
    for k, v in sorted(builder.omitted.items()):
        print(f"  omitted {k}: {v}")
    return builder


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: data/)")
    build(ap.parse_args(argv).out)


if __name__ == "__main__":
    main()
