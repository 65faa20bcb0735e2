"""Nearest-lookup benchmark: GET /api/v1/nearest/ through gunicorn, beside raw SQL and a KD-tree.

    .venv/bin/python bench/bench_nearest.py [--sites 1000000] [--requests 2000] [--concurrency 4] [--break-answer]

Runs against a scratch database `bench_nearest_<pid>` on DATABASE_URL's server (created, migrated,
loaded with the shipped data/sites.csv, then grown set-based with generate_series, and dropped
at the end). For each size it measures, from the same random query points in the city:

- HTTP: gunicorn with 2 sync workers, DEBUG off, on 127.0.0.1:<port>; latency p50/p99 one
  request at a time, then requests/s with `--concurrency` clients (a bounded request count);
- SQL: the KNN query alone (`ORDER BY location <-> point LIMIT 5`, exact ST_Distance), one
  psycopg connection, no Django;
- KD-tree: scipy cKDTree over unit-sphere vectors in memory (the physical limit: no I/O,
  no SQL, no HTTP).

All three search the candidate set the API searches: public (not closed) and locatable (not
district precision) sites. Answer checks (bench/harness.py): for 100 points the HTTP distances
are the SQL ones and the KD-tree's nearest site is as near; `--break-answer` builds the KD-tree
over every public site instead (the bug that once made this print 94/100 and exit 0).

Ratio target (issue 18): at the largest size the HTTP p50 is at most 25x the raw SQL p50 (the
old absolute target, 10 ms, over the SQL p50 it was set beside, 0.39 ms). Requests/s under load
and the absolute latencies are printed with the machine's calibration. The load generator only
ever connects to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import psycopg
from grow import grow_sites
from harness import Report, free_port, scratch_name
from scipy.spatial import cKDTree
from scratch import admin_sql, scratch_urls

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
HTTP_OVER_SQL_TARGET = 25.0
HOST = "127.0.0.1"  # the only address the load generator talks to
CITY = (113.80, 22.45, 114.60, 22.85)  # minlon, minlat, maxlon, maxlat: query points and generated sites
LIMIT = 5

# The API's candidate set: ServicePoint.objects.public().locatable().
CANDIDATE_SET = "status <> 'closed' AND location_precision <> 'district'"
# Index first, exact second (what the API's QuerySet does): KNN candidates by `<->` (sphere,
# GiST index), then the exact ellipsoidal distance decides among them.
KNN_SQL = (
    "SELECT id, d FROM (SELECT id, ST_Distance(location, p.g) AS d FROM directory_servicepoint, "
    "(SELECT ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography AS g) p "
    f"WHERE {CANDIDATE_SET} ORDER BY location <-> p.g LIMIT %s) candidates ORDER BY d, id LIMIT %s"
)
CANDIDATES = 21  # as many as the QuerySet's first round fetches for limit=5

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def query_points(count: int, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    minlon, minlat, maxlon, maxlat = CITY
    return [(rng.uniform(minlon, maxlon), rng.uniform(minlat, maxlat)) for _ in range(count)]


def time_each(points: list[tuple[float, float]], work: Callable[[float, float], object]) -> list[float]:
    """Milliseconds per call, one call at a time."""
    timings = []
    for lon, lat in points:
        start = time.perf_counter()
        work(lon, lat)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


# --- HTTP -----------------------------------------------------------------------------------

def http_get(port: int, lon: float, lat: float) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", f"/api/v1/nearest/?lat={lat:.6f}&lon={lon:.6f}&limit={LIMIT}",
                           headers={"Accept-Encoding": "gzip", "Host": HOST})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def http_get_path(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip", "Host": HOST})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def http_load(port: int, points: list[tuple[float, float]], concurrency: int) -> tuple[float, list[float], int]:
    """(requests/s, per-request ms, errors) with `concurrency` clients sharing a fixed list."""
    chunks = [points[i::concurrency] for i in range(concurrency)]
    timings: list[list[float]] = [[] for _ in chunks]
    errors = [0] * concurrency

    def client(index: int) -> None:
        for lon, lat in chunks[index]:
            start = time.perf_counter()
            try:
                status, _ = http_get(port, lon, lat)
            except OSError:
                status = 0
            timings[index].append((time.perf_counter() - start) * 1000)
            if status != 200:
                errors[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return len(points) / elapsed, [t for chunk in timings for t in chunk], sum(errors)


class Gunicorn:
    def __init__(self, port: int, env: dict[str, str]) -> None:
        self.port = port
        self.process = subprocess.Popen(
            # The project's WSGI application, plus two constant views (bench/floor_views.py): the
            # floor any Django request pays on this machine, measured beside the real endpoint.
            [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "floor_views:application", "--pythonpath", "bench",
             "--workers", "2",
             "--bind", f"{HOST}:{port}", "--log-level", "warning"],
            cwd=BASE_DIR, env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if http_get(port, 114.05, 22.55)[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        sys.exit(f"gunicorn did not answer on {HOST}:{port}")

    def worker_cpu_seconds(self) -> float:
        """User + system CPU time used so far by the gunicorn worker processes (from /proc)."""
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # the process ended meanwhile
            if int(fields[1]) == self.process.pid:  # fields[1] is the parent pid
                total += (int(fields[11]) + int(fields[12])) / ticks
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- One size -------------------------------------------------------------------------------

def kdtree_over(pg_url: str, break_answer: bool) -> tuple[cKDTree, np.ndarray]:
    # --break-answer: every public site, district-precision ones too (not what the API searches).
    where = "status <> 'closed'" if break_answer else CANDIDATE_SET
    with psycopg.connect(pg_url) as connection:
        rows = connection.execute(
            "SELECT id, ST_X(location::geometry), ST_Y(location::geometry) FROM directory_servicepoint "
            f"WHERE {where}"  # noqa: S608 - constants
        ).fetchall()
    ids = np.array([r[0] for r in rows])
    return cKDTree(unit_vectors(np.array([[r[1], r[2]] for r in rows]))), ids


def unit_vectors(lonlat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.column_stack((np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)))


def measure(
    report: Report, label: str, pg_url: str, server: Gunicorn, requests: int, concurrency: int, break_answer: bool
) -> dict[str, float]:
    port = server.port
    with psycopg.connect(pg_url) as connection:
        sites = connection.execute(f"SELECT count(*) FROM directory_servicepoint WHERE {CANDIDATE_SET}").fetchone()[0]  # noqa: S608
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n--- {label}: {sites:,} public, locatable sites (machine load average {load}: a shared 2-core machine)",
          flush=True)
    latency_points = query_points(min(requests, 500), seed=1)
    load_points = query_points(requests, seed=2)

    tree, ids = kdtree_over(pg_url, break_answer)
    kd_ms = time_each(latency_points, lambda lon, lat: tree.query(unit_vectors(np.array([[lon, lat]])), k=LIMIT))

    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("SET jit = off")

        def sql(lon: float, lat: float) -> list:
            return connection.execute(KNN_SQL, (lon, lat, CANDIDATES, LIMIT), prepare=True).fetchall()

        for lon, lat in latency_points[:50]:
            sql(lon, lat)  # warm the cache and the prepared statement
        sql_ms = time_each(latency_points, sql)
        # The answers agree: the HTTP distances are the SQL ones (to 0.5 m), and the KD-tree's
        # nearest site (sphere) is as near on the ellipsoid as the SQL one (ties share a point).
        disagreements = 0
        for lon, lat in latency_points[:100]:
            body = json.loads(decompress(http_get(port, lon, lat)[1]))
            http_m = [f["properties"]["distance_m"] for f in body["features"]]
            sql_m = [row[1] for row in sql(lon, lat)]
            kd_id = int(ids[tree.query(unit_vectors(np.array([[lon, lat]])), k=1)[1][0]])
            kd_m = connection.execute(
                "SELECT ST_Distance(location, ST_SetSRID(ST_MakePoint(%s, %s), 4326)::geography) "
                "FROM directory_servicepoint WHERE id = %s", (lon, lat, kd_id)).fetchone()[0]
            same = len(http_m) == len(sql_m) and all(abs(a - b) < 0.5 for a, b in zip(http_m, sql_m, strict=True))
            # Sphere and ellipsoid distances differ by < 0.6 %: a near-tie may swap the nearest.
            disagreements += not (same and kd_m - sql_m[0] <= max(1.0, 0.006 * sql_m[0]))

    for lon, lat in latency_points[:100]:
        http_get(port, lon, lat)  # warm both workers
    http_ms = time_each(latency_points, lambda lon, lat: http_get(port, lon, lat))
    floor_ms = time_each(latency_points, lambda lon, lat: http_get_path(port, "/bench-floor/"))
    bare_ms = time_each(latency_points, lambda lon, lat: http_get_path(port, "/bench-floor/bare/"))
    cpu_before = server.worker_cpu_seconds()
    rps, loaded_ms, errors = http_load(port, load_points, concurrency)
    worker_cpu_ms = (server.worker_cpu_seconds() - cpu_before) / len(load_points) * 1000

    figures = {
        "http_p50": statistics.median(http_ms), "http_p99": percentile(http_ms, 99),
        "sql_p50": statistics.median(sql_ms), "sql_p99": percentile(sql_ms, 99),
        "kd_p50": statistics.median(kd_ms), "kd_p99": percentile(kd_ms, 99),
        "floor_p50": statistics.median(floor_ms), "floor_p99": percentile(floor_ms, 99),
        "bare_p50": statistics.median(bare_ms), "bare_p99": percentile(bare_ms, 99),
        "rps": rps, "loaded_p50": statistics.median(loaded_ms), "loaded_p99": percentile(loaded_ms, 99),
        "errors": errors, "sites": sites, "worker_cpu_ms": worker_cpu_ms,
    }
    print(f"{'':<28}{'p50 ms':>10}{'p99 ms':>10}{'per s (1 client)':>18}")
    for name, key in (("HTTP /api/v1/nearest/", "http"), ("raw SQL KNN (psycopg)", "sql"), ("cKDTree (in memory)", "kd"),
                      ("HTTP constant view (floor)", "floor"), ("HTTP constant, no middleware", "bare")):
        p50 = figures[f"{key}_p50"]
        print(f"{name:<28}{p50:>10.3f}{figures[f'{key}_p99']:>10.3f}{1000 / p50:>18.0f}")
    print(f"HTTP under load: {concurrency} clients, {requests} requests: {rps:.0f} requests/s, "
          f"p50 {figures['loaded_p50']:.2f} ms, p99 {figures['loaded_p99']:.2f} ms, errors {errors}")
    print(f"gunicorn workers' CPU per request: {worker_cpu_ms:.2f} ms (2 idle cores would serve at most "
          f"{2000 / worker_cpu_ms:.0f} requests/s before PostgreSQL's and the client's share)")
    print(f"ratios (p50): HTTP/SQL {figures['http_p50'] / figures['sql_p50']:.1f}x, "
          f"SQL/KD-tree {figures['sql_p50'] / figures['kd_p50']:.1f}x, "
          f"HTTP/KD-tree {figures['http_p50'] / figures['kd_p50']:.0f}x")
    report.answer(f"{label}: HTTP distances = SQL KNN's, KD-tree nearest as near", disagreements == 0,
                  f"{100 - disagreements}/100 points agree")
    report.answer(f"{label}: no HTTP errors under load", errors == 0, f"{errors} errors")
    return figures


def decompress(body: bytes) -> bytes:
    import gzip

    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


# --- Main -----------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=1_000_000, help="grow the directory to this many sites")
    parser.add_argument("--requests", type=int, default=2000, help="HTTP requests in the load run")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--break-answer", action="store_true", help="a wrong KD-tree reference: the run must fail")
    args = parser.parse_args()
    scratch_db = scratch_name("bench_nearest")
    django_url, pg_url = scratch_urls(scratch_db)
    env = {**os.environ, "DATABASE_URL": django_url, "DEBUG": "false", "ALLOWED_HOSTS": HOST, "GEOCODER": "", "DJANGO_SETTINGS_MODULE": "resourcemap.settings"}
    manage = [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py"]
    admin_sql(pg_url, f"DROP DATABASE IF EXISTS {scratch_db}")
    admin_sql(pg_url, f"CREATE DATABASE {scratch_db}")
    server = None
    try:
        shipped_csv = str(BASE_DIR / "data" / "sites.csv")
        for command in (["migrate", "-v", "0"], ["createcachetable"], ["load_boundaries", "--commit"],
                        ["import_sites", shipped_csv, "--commit", "--source", "shenzhen-public-data", "--skip-invalid"]):
            done = subprocess.run(manage + command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"{' '.join(command[:1])} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        with psycopg.connect(pg_url, autocommit=True) as connection:
            connection.execute("ANALYZE")  # fresh tables: give the planner the statistics autovacuum would
        report = Report("bench_nearest")
        server = Gunicorn(args.port or free_port(), env)
        print(f"Nearest lookup, limit={LIMIT}; gunicorn 2 workers on {HOST}:{server.port}, DEBUG off; "
              f"{args.requests} load requests from {args.concurrency} clients")
        measure(report, "shipped data", pg_url, server, args.requests, args.concurrency, args.break_answer)

        # Nearest never searches: the generated sites' search columns stay empty (no gram index to build).
        print("\n" + grow_sites(pg_url, args.sites, CITY, searchable=False).line())
        large = measure(report, f"{args.sites:,} sites", pg_url, server, args.requests, args.concurrency,
                        args.break_answer)

        print()
        report.absolute(f"nearest over HTTP at {large['sites']:,} sites, p50 / p99",
                        f"{large['http_p50']:.2f} ms / {large['http_p99']:.2f} ms (raw SQL KNN {large['sql_p50']:.2f} ms, "
                        f"cKDTree {large['kd_p50']:.3f} ms)", target="p50 < 10 ms")
        report.absolute(f"nearest over HTTP at {large['sites']:,} sites, {args.concurrency} clients",
                        f"{large['rps']:.0f} requests/s", target=">= 300/s at the shipped size")
        report.ratio(f"HTTP p50 / raw SQL KNN p50 at {large['sites']:,} sites", large["http_p50"], large["sql_p50"],
                     at_most=HTTP_OVER_SQL_TARGET)
        # Issue 14's goal: within 3x of the raw SQL. The floor says whether any Django request can be.
        goal, floor, bare = 3 * large["sql_p50"], large["floor_p50"], large["bare_p50"]
        print(f"issue 14's goal, nearest over HTTP within 3x of the raw SQL KNN ({goal:.2f} ms) at "
              f"{large['sites']:,} sites: {'MET' if large['http_p50'] <= goal else 'NOT MET'}: HTTP "
              f"{large['http_p50']:.2f} ms = {large['http_p50'] / large['sql_p50']:.1f}x. The floor, a constant "
              f"view through the same gunicorn and middleware: {floor:.2f} ms = {floor / large['sql_p50']:.1f}x "
              f"(no middleware: {bare:.2f} ms = {bare / large['sql_p50']:.1f}x); the endpoint's own work above "
              f"the floor: {large['http_p50'] - floor:.2f} ms for 3 queries (the data version, the KNN candidates, "
              f"the districts and streets holding the point; categories, a street's community and the sites "
              f"serving an area are kept per data version) and their GeoJSON")
        return report.finish()
    finally:
        if server is not None:
            server.stop()
        if not args.keep:
            admin_sql(pg_url, f"DROP DATABASE IF EXISTS {scratch_db} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
