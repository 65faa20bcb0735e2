"""Import benchmark: the shipped data/sites.csv and a generated 100,000-row file, dry run and commit.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--keep]

Runs against a scratch database `bench_import` on DATABASE_URL's server (created, migrated and
dropped here). Target (issue 3): 100,000 rows validated and committed in under 60 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

from scratch import admin_sql, scratch_urls

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DATA = BASE_DIR / "bench" / "data"
SCRATCH_DB = "bench_import"

HEADER = [
    "external_id", "name", "alternate_name", "category", "organization", "description", "address", "district",
    "lon", "lat", "location_precision", "phone", "hours", "min_age", "max_age", "fee_free", "status",
    "assured_date", "provenance",
]
DISTRICTS = ["福田区", "罗湖区", "南山区", "宝安区", "龙岗区", "盐田区", "龙华区", "坪山区", "光明区"]
KINDS = [("党群服务中心", "party_mass_centre", "party_mass"), ("幼儿园", "kindergarten", "education"),
         ("小学", "primary_school", "education"), ("未成年人保护工作站", "minor_protection", "civil_affairs"),
         ("妇幼保健院", "maternal_child_health", "health")]
PLACES = "园岭百花华富莲花香蜜沙头梅林福保南园东门翠竹笋岗清水河桂园黄贝东晓蛇口招商粤海南头沙河西丽桃源新安西乡航城福永"


def generate(path: Path, rows: int, seed: int = 3) -> None:
    """Rows with varied names, addresses, hours and points spread over the city's land area."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            kind, category, organization = KINDS[i % len(KINDS)]
            place = "".join(rng.sample(PLACES, 2))
            district = DISTRICTS[i % len(DISTRICTS)]
            writer.writerow([
                f"gen-{i}", f"{district}{place}第{i}{kind}", f"{place}{kind[:2]}", category, organization,
                f"{kind}：儿童之家、四点半课堂、亲子活动、家庭教育指导（{i % 97}）",
                f"深圳市{district}{place}路{i % 500 + 1}号", district,
                f"{rng.uniform(113.85, 114.35):.6f}", f"{rng.uniform(22.55, 22.75):.6f}", "surveyed",
                f"0755-{80000000 + i}", "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00", "0", "18",
                "true", "active", "2024-03-01", "bench",
            ])


def timed(label: str, rows: int, work) -> object:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"{label:<46} {rows:>7} rows {seconds:7.2f} s {rows / seconds:9.0f} rows/s", flush=True)
    return result


def run(rows: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from loaders import core

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if (BASE_DIR / "data" / "boundaries").exists():
        call_command("load_boundaries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    shipped = BASE_DIR / "data" / "sites.csv"
    if shipped.exists():
        count = sum(1 for _ in shipped.open(encoding="utf-8")) - 1
        params = core.ImportParams(source="shenzhen-public-data")
        plan = timed("shipped sites.csv: dry run (validate)", count, lambda: core.validate(shipped, params))
        print(f"  counts {plan.counts()}, {len(plan.errors)} errors, {len(plan.warnings)} warnings")
        timed("shipped sites.csv: validate + commit", count, lambda: core.run(shipped, params, commit=True))
        timed("shipped sites.csv: re-import (no change)", count, lambda: core.run(shipped, params, commit=True))
    DATA.mkdir(exist_ok=True)
    generated = DATA / f"generated_{rows}.csv"
    timed(f"generate {generated.name}", rows, lambda: generate(generated, rows))
    params = core.ImportParams(source="bench")
    plan = timed("generated: dry run (validate)", rows, lambda: core.validate(generated, params))
    print(f"  counts {plan.counts()}, {len(plan.errors)} errors, {len(plan.warnings)} warnings")
    timed("generated: apply the validated plan", rows, lambda: core.apply(plan))
    with connection.cursor() as cursor:  # start again from no bench sites, for the one-go timing
        cursor.execute("DELETE FROM directory_historicalservicepoint WHERE source = 'bench'")
        cursor.execute("DELETE FROM directory_servicepoint WHERE source = 'bench'")
        cursor.execute("VACUUM ANALYZE directory_servicepoint")
    _, import_run = timed("generated: validate + commit (one go)", rows,
                          lambda: core.run(generated, params, commit=True))
    print(f"  import #{import_run.pk}: added {import_run.added}")
    _, again = timed("generated: re-import (no change)", rows, lambda: core.run(generated, params, commit=True))
    print(f"  import #{again.pk}: added {again.added}, changed {again.changed}, unchanged {again.unchanged}")
    print(f"load average at the end {os.getloadavg()[0]:.1f}; target: {rows} rows validated and committed < 60 s")
    from bench_import_admin import admin_path  # issue 16: the same file through the admin and the worker

    admin_path(generated, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    options = parser.parse_args()
    url = scratch_urls(SCRATCH_DB)[0]
    admin_sql(url, f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
    admin_sql(url, f"CREATE DATABASE {SCRATCH_DB}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resourcemap.settings")
    os.environ["MEDIA_ROOT"] = str(DATA / "media")
    os.environ["GEOCODER"] = ""
    import logging

    import django

    django.setup()
    logging.getLogger("loaders").setLevel(logging.DEBUG)  # the step timings, on the console handler
    # The machine may be shared: the load average says how much CPU the figures had.
    print(f"import benchmark on {SCRATCH_DB} ({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})")
    try:
        run(options.rows)
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            admin_sql(url, f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
