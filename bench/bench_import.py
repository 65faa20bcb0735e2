"""Import benchmark: the shipped data/sites.csv and a generated 100,000-row file, dry run and commit.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--pairs 3] [--no-shipped] [--keep] [--break-answer]

Runs against a scratch database `bench_import_<pid>` on DATABASE_URL's server (created, migrated
and dropped here). Prints the import's phases as it runs them (loaders' debug log).

The admin door (upload, worker, preview, confirm) is bench_import_admin.py's: one script per door.

Answer checks (bench/harness.py; a wrong answer exits 1): after the last one-go import, the number of
sites written equals the file's rows, a checksum of (external_id, name, address, phone, lon, lat)
read back from the database equals the same checksum computed from the CSV file here, there is
one history row per site, and the search columns of a sample of rows equal what
resourcemap.search.index computes in Python. `--break-answer` alters one written row before the
checks (the harness's self-test: the run must then fail).

Ratio target (issue 18): validate + commit of the generated file in one go takes at most 3x a
plain COPY of the same file into a scratch table plus the dry run's validation time, i.e.
one go <= 3 x (COPY + validate), measured in this run. How, and why so (measured on a 2-core
machine shared with other work, load average 4-14):

- One measurement of each was not reliable: five pairs of 20,000 rows in one run gave 2.29x, 2.67x, 4.02x,
  3.22x, 4.31x. The one go computes the search columns in two forked workers beside the COPY,
  so it needs both cores, while the dry run needs one: when other work takes a core, the one
  go slows more than the dry run, and the load changes by the second. So the figures are
  `--pairs` interleaved (COPY, dry run, one go) triples, each from the same state (the
  previous pair's sites and history deleted, then VACUUM ANALYZE), and the target is on the
  median of the pairs' ratios. Each pair also prints the same ratio in CPU seconds (this
  process, its workers, its PostgreSQL backend), which others' load barely moves.
- The first dry run of a process also pays one-off costs (imports, caches), so the first pair's
  ratio came out the lowest (1.72x and 1.30x in two runs, against 2.5-3x for the later pairs):
  an untimed warm-up dry run of the first WARM_UP_ROWS rows comes first.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import Report
from scratch import django_on_scratch_database
from server_cpu import cpu_seconds_of

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
DATA = BASE_DIR / "bench" / "data"
ONE_GO_TARGET = 3.0  # one go <= 3 x (plain COPY + validate)
SEARCH_SAMPLE = 500
WARM_UP_ROWS = 1000

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


def timed(label: str, rows: int, work: Callable[[], Any]) -> tuple[Any, float]:
    """(work's result, seconds it took), printed as a line of the benchmark's table."""
    start = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - start
    print(f"{label:<46} {rows:>7} rows {seconds:7.2f} s {rows / seconds:9.0f} rows/s", flush=True)
    return result, seconds


def file_checksum(path: Path) -> tuple[int, str]:
    """(rows, checksum) of the file's key fields, computed without the import's code."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = sorted(
            "\t".join([r["external_id"], r["name"], r["address"], r["phone"], f"{float(r['lon']):.6f}",
                       f"{float(r['lat']):.6f}"])
            for r in csv.DictReader(handle)
        )
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def written_checksum(source: str) -> tuple[int, str]:
    """The same checksum over what the import wrote to directory_servicepoint."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT external_id, name, address, array_to_string(phones, ';'),"
            " ST_X(location::geometry), ST_Y(location::geometry) FROM directory_servicepoint WHERE source = %s",
            [source],
        )
        lines = sorted(f"{e}\t{n}\t{a}\t{p}\t{x:.6f}\t{y:.6f}" for e, n, a, p, x, y in cursor.fetchall())
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def plain_copy_seconds(path: Path) -> float:
    """A plain COPY of the file into a scratch table of text columns: the floor for writing it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_copy")
        cursor.execute(f"CREATE TABLE bench_plain_copy ({', '.join(f'{c} text' for c in HEADER)})")
        started = time.perf_counter()
        with cursor.cursor.copy("COPY bench_plain_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy, \
                path.open("rb") as handle:
            while block := handle.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_plain_copy")
    return seconds


def check_answers(report: Report, generated: Path, source: str, import_run: object, break_answer: bool) -> None:
    from django.db import connection

    from resourcemap.directory.actions import fill_search_columns
    from resourcemap.directory.models import ServicePoint

    if break_answer:  # the harness's self-test: one written row no longer matches the file
        with connection.cursor() as cursor:
            cursor.execute("UPDATE directory_servicepoint SET name = name || '·' WHERE id = "
                           "(SELECT min(id) FROM directory_servicepoint WHERE source = %s)", [source])
    expected = file_checksum(generated)
    written = written_checksum(source)
    report.answer("sites written = rows of the file", written[0] == expected[0], f"{written[0]} of {expected[0]}")
    report.answer("checksum of what was written = checksum of the file", written[1] == expected[1],
                  f"{written[1][:12]} vs {expected[1][:12]}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM directory_historicalservicepoint WHERE history_change_reason = %s",
                       [import_run.change_reason])  # type: ignore[attr-defined]
        history = cursor.fetchone()[0]
    report.answer("history rows = sites added", history == expected[0], f"{history} of {expected[0]}")
    sample = ServicePoint.objects.filter(source=source).select_related("category").order_by("?")[:SEARCH_SAMPLE]
    differ = []
    for site in sample:
        written_columns = (site.search_text, sorted(site.search_grams), site.search_latin)
        fill_search_columns(site)  # the one write path's computation, one site at a time
        if written_columns != (site.search_text, sorted(site.search_grams), site.search_latin):
            differ.append(site.external_id)
    report.answer("search columns as written = directory.actions'", not differ,
                  f"{len(sample) - len(differ)}/{len(sample)} sampled sites" + (f" (e.g. {differ[0]})" if differ else ""))


def reset(source: str) -> None:
    """Removes what an import of `source` wrote, so the next one-go import starts from the same state."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM directory_historicalservicepoint WHERE source = %s", [source])
        cursor.execute("DELETE FROM directory_servicepoint WHERE source = %s", [source])
        cursor.execute("VACUUM ANALYZE directory_servicepoint")
        cursor.execute("VACUUM ANALYZE directory_historicalservicepoint")


def cpu_seconds() -> float:
    """CPU seconds used so far by this process, its finished children (the import's forked
    search-column workers) and this connection's PostgreSQL backend (read from /proc when the
    server runs on this machine, else left out). Unlike wall time, others' load barely moves it."""
    from django.db import connection

    used = sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))
    connection.ensure_connection()
    return used + (cpu_seconds_of(connection.connection.info.backend_pid) or 0.0)


def one_go_pairs(generated: Path, rows: int, pairs: int) -> tuple[list[float], list[float], object]:
    """`pairs` interleaved (plain COPY, dry run, one go) triples from the same starting state:
    each ratio compares figures taken seconds apart, so a change in the shared machine's load
    between two of them moves one pair, not the median. Returns the ratios, the one-go times and
    the last import run (left in the database for the answer checks)."""
    from loaders import core

    params = core.ImportParams(source="bench")
    # Warm-up, untimed: the first dry run in a process also pays one-off costs (imports, the
    # boundaries and gazetteer read into memory), which made the first pair's ratio the lowest.
    head = generated.with_name(f"warm_up_{generated.name}")
    with generated.open(encoding="utf-8") as source, head.open("w", encoding="utf-8") as sink:
        sink.writelines(line for _, line in zip(range(WARM_UP_ROWS + 1), source, strict=False))
    core.validate(head, params)
    ratios: list[float] = []
    one_go: list[float] = []
    import_run: object = None
    for pair in range(1, pairs + 1):
        if import_run is not None:
            reset("bench")
        cpu_started = cpu_seconds()
        copy_seconds = plain_copy_seconds(generated)
        print(f"{f'pair {pair}: plain COPY into a scratch table':<46} {rows:>7} rows {copy_seconds:7.2f} s "
              f"{rows / copy_seconds:9.0f} rows/s", flush=True)
        plan, validate_seconds = timed(f"pair {pair}: dry run (validate)", rows, lambda: core.validate(generated, params))
        print(f"  counts {plan.counts()}, {len(plan.errors)} errors, {len(plan.warnings)} warnings")
        cpu_validated = cpu_seconds()
        (_, import_run), one_go_seconds = timed(f"pair {pair}: validate + commit (one go)", rows,
                                                lambda: core.run(generated, params, commit=True))
        cpu_ratio = (cpu_seconds() - cpu_validated) / (cpu_validated - cpu_started)
        ratio = one_go_seconds / (copy_seconds + validate_seconds)
        ratios.append(ratio)
        one_go.append(one_go_seconds)
        print(f"  pair {pair}: import #{import_run.pk} added {import_run.added}; "  # type: ignore[attr-defined]
              f"one go / (COPY + validate) = {ratio:.2f}x; one go / COPY alone = {one_go_seconds / copy_seconds:.0f}x; "
              f"one go {one_go_seconds:.1f} s ({rows / one_go_seconds:.0f} rows/s); the same in CPU seconds "
              f"{cpu_ratio:.2f}x; load average {os.getloadavg()[0]:.1f}", flush=True)
    return ratios, one_go, import_run


def run(report: Report, rows: int, pairs: int, shipped_too: bool, break_answer: bool) -> None:
    from django.core.management import call_command

    from loaders import core

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if (BASE_DIR / "data" / "boundaries").exists():
        call_command("load_boundaries", "--commit", stdout=open(os.devnull, "w"))  # noqa: SIM115
    shipped = BASE_DIR / "data" / "sites.csv"
    if shipped_too and shipped.exists():
        count = sum(1 for _ in shipped.open(encoding="utf-8")) - 1
        params = core.ImportParams(source="shenzhen-public-data")
        plan, _ = timed("shipped sites.csv: dry run (validate)", count, lambda: core.validate(shipped, params))
        print(f"  counts {plan.counts()}, {len(plan.errors)} errors, {len(plan.warnings)} warnings")
        timed("shipped sites.csv: validate + commit", count, lambda: core.run(shipped, params, commit=True))
        timed("shipped sites.csv: re-import (no change)", count, lambda: core.run(shipped, params, commit=True))
    DATA.mkdir(exist_ok=True)
    generated = DATA / f"generated_{rows}.csv"
    timed(f"generate {generated.name}", rows, lambda: generate(generated, rows))
    ratios, one_go, import_run = one_go_pairs(generated, rows, pairs)
    check_answers(report, generated, "bench", import_run, break_answer)
    params = core.ImportParams(source="bench")
    (_, again), _ = timed("generated: re-import (no change)", rows, lambda: core.run(generated, params, commit=True))
    print(f"  import #{again.pk}: added {again.added}, changed {again.changed}, unchanged {again.unchanged}")
    report.answer("re-import of the same file changes nothing", again.added == again.changed == 0
                  and again.unchanged == rows, f"{again.unchanged} unchanged of {rows}")
    median_one_go = statistics.median(one_go)
    report.absolute(f"{rows} rows validated and committed in one go (median of {len(one_go)})",
                    f"{median_one_go:.1f} s ({rows / median_one_go:.0f} rows/s)", target="< 60 s")
    print(f"  one go / (plain COPY + validate) per pair: {', '.join(f'{r:.2f}x' for r in ratios)}; "
          f"the target is on their median", flush=True)
    report.ratio("one go / (plain COPY + validate)", statistics.median(ratios), 1.0, at_most=ONE_GO_TARGET)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=3, help="interleaved (dry run, one go) pairs for the ratio")
    parser.add_argument("--no-shipped", action="store_true", help="skip the shipped data/sites.csv")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    parser.add_argument("--break-answer", action="store_true", help="alter a written row: the checks must fail")
    options = parser.parse_args()
    with django_on_scratch_database("bench_import", keep=options.keep, MEDIA_ROOT=str(DATA / "media"),
                                    GEOCODER="") as database:
        # The import's phase timings (loaders' debug log), indented among the figures on stdout.
        phases = logging.StreamHandler(sys.stdout)
        phases.setFormatter(logging.Formatter("    phase: %(message)s"))
        loaders_log = logging.getLogger("loaders")
        loaders_log.setLevel(logging.DEBUG)
        loaders_log.addHandler(phases)
        loaders_log.propagate = False
        print(f"import benchmark on {database}")
        report = Report("bench_import")
        run(report, options.rows, options.pairs, not options.no_shipped, options.break_answer)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
