"""Load benchmark: the realistic request mix from closed-loop clients, and the same through
nginx with the replica serving reads while the primary is stopped halfway.

    .venv/bin/python bench/bench_load.py [--mode both|direct|failover] [--clients 1,8,32,128] [--seconds 10]
                                         [--healthz-seconds 5] [--sizes 0,100000] [--sites N]
                                         [--failover-clients 32] [--failover-seconds 30] [--mix-repeat 1]

Mix (issue 14): map page 15 %, /map/sites.geojson 10 %, /map/results.json?q=幼儿园 20 %,
random /api/v1/nearest/ 25 %, random /sites/<id>/ 20 %, /policies/?q=监护 10 %.

Default mode: a scratch database `bench_load` on DATABASE_URL's server loaded with the shipped
data (`prepare_database --load`), then grown to each further size of `--sizes` (bench/grow.py:
generated sites named like real ones); gunicorn with 3 sync workers as docs/deploy.md says,
DEBUG off, started afresh for each size. For each client count: requests/s, p50, p99, errors
and the 1-minute load average at the end, over `--seconds` (no client starts a request after
it; the rate is the answers over the time until the last one came).
Beside each mix level, the same clients send only GET /healthz (one trivial query through the
same gunicorn) for `--healthz-seconds`: the machine's floor for a request at that moment. The two
alternate in SLICES slice pairs (mix, then /healthz) and each figure is over all its slices.
Answer check: no errors at the shipped size. Issue 14's targets on this machine (absolute, so
printed beside the calibration, not pass/fail): at 32 clients >= 300 requests/s with p99 under
300 ms at the shipped size, >= 150 requests/s at 100,000 sites.

Ratio target (issue 18), from this run: at 32 clients and the shipped size, the server's CPU
seconds (gunicorn's workers and their PostgreSQL backends, from /proc) per mix request are at
most MIX_OVER_HEALTHZ_CPU times those per /healthz request (the median of the slice pairs'
ratios; see there why this figure). The requests/s and p50 ratios are printed beside it.
`--mix-repeat N` sends each mix request N times back to back and counts it once: an app N
times slower on the mix, with which tests/bench/test_load_ratio.py shows the target failing.

--mode failover (issue 17; `both`, the default, runs it after the direct levels): a scratch
primary and its streaming replica (scripts/localdb.sh and scripts/replica.sh in a state
directory of their own), gunicorn with REPLICA_DATABASE_URL,
nginx with deploy/nginx/site.conf in front; the mix runs through nginx, the primary is stopped
halfway, and the figures are printed for each half. Only 127.0.0.1 is ever contacted; both
servers and the scratch cluster are stopped and removed at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg
from grow import grow_sites
from harness import Report
from scratch import admin_sql, scratch_urls
from server_cpu import ServerCpu

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from deploy.stack import Gunicorn, Nginx, ScratchCluster  # noqa: E402 - needs the checkout on sys.path

SCRATCH_DB = "bench_load"
CITY = (113.75, 22.45, 114.6, 22.8)
MAX_REQUESTS_PER_CLIENT = 100_000  # a bound besides the deadline
RATIO_CLIENTS = 32
WARM_UP_CLIENTS, WARM_UP_SECONDS = 8, 3.0
SLICES = 5  # each level's mix and /healthz time, cut into this many alternating slice pairs
# The target: the server's CPU seconds per mix request over the same per /healthz request, at 32
# clients (median of the slice pairs), i.e. how many /healthz one request of the mix costs the
# app and its database. Measured after the kept list items (a quiet 2-core machine, 32 clients,
# 10 s): 2.70x; with --mix-repeat 2 (an app twice as slow on the mix): 4.97x. 3.7 sits between
# them with about 1.35x room on either side. (Earlier code gave 3.1-3.5x and 6.0-6.4x, before the
# leaner nearest and site page 4.3-4.6x and 7.6-7.8x: when the mix gets cheaper again, the
# threshold must follow it down, or an app twice as slow as the new code would pass.)
# Not requests/s or p50, though both are printed: when the other work on the shared machine
# peaked (load average 6-8), the requests/s ratio of the current code fell from 0.24-0.29x to
# 0.16x, below what an app twice as slow gave (0.09-0.18x) at other moments, and p50 moved with
# it; CPU seconds per request barely move with others' load. The target holds at the shipped
# size; a grown size's figures are printed without one (one full run gave 3.23x at 100,000
# sites beside 3.34x shipped, its slice pairs from 2.2x to 4.1x: too few runs yet for a target).
MIX_OVER_HEALTHZ_CPU = 3.7
MIX = [  # (weight in %, label)
    (15, "map page"), (10, "sites.geojson"), (20, "results 幼儿园"),
    (25, "nearest"), (20, "site page"), (10, "policies 监护"),
]


def pick_path(rng: random.Random, site_ids: list[int]) -> tuple[str, str]:
    label = rng.choices([m[1] for m in MIX], weights=[m[0] for m in MIX])[0]
    if label == "map page":
        return label, "/"
    if label == "sites.geojson":
        return label, "/map/sites.geojson"
    if label == "results 幼儿园":
        return label, "/map/results.json?q=" + quote("幼儿园")
    if label == "nearest":
        lon = rng.uniform(CITY[0], CITY[2])
        lat = rng.uniform(CITY[1], CITY[3])
        return label, f"/api/v1/nearest/?lat={lat:.5f}&lon={lon:.5f}"
    if label == "site page":
        return label, f"/sites/{rng.choice(site_ids)}/"
    return label, "/policies/?q=" + quote("监护")


def the_mix(site_ids: list[int]) -> Callable[[random.Random], str]:
    return lambda rng: pick_path(rng, site_ids)[1]


def only_healthz(_rng: random.Random) -> str:
    return "/healthz"


@dataclass
class Sample:
    started: float
    seconds: float
    ok: bool


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # From the first request to the last answer, the requests in flight at the deadline included:
    # their count over the deadline alone overstated the rate when answers took about as long.
    elapsed: float = 0.0


def closed_loop(base_url: str, clients: int, seconds: float, next_path: Callable[[random.Random], str],
                at_half: Callable[[], None] | None = None, repeat: int = 1) -> Run:
    """`clients` threads, each sending its next request as soon as the last one is answered.
    With `repeat` > 1 each path is requested that many times and counted as one sample."""
    host, port = urlsplit(base_url).hostname, urlsplit(base_url).port
    assert host == "127.0.0.1", "loopback only"
    run = Run()
    started = time.monotonic()
    deadline = started + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        connection = http.client.HTTPConnection(host, port, timeout=30)
        local: list[Sample] = []
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            now = time.monotonic()
            if now >= deadline:
                break
            path = next_path(rng)
            try:
                ok = True
                for _ in range(repeat):
                    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                    response = connection.getresponse()
                    response.read()
                    ok = ok and response.status == 200
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(host, port, timeout=30)
                ok = False
            local.append(Sample(now, time.monotonic() - now, ok))
        connection.close()
        with run.lock:
            run.samples.extend(local)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    if at_half is not None:
        time.sleep(seconds / 2)
        at_half()
    for thread in threads:
        thread.join()
    run.elapsed = time.monotonic() - started
    return run


@dataclass
class Level:
    """One client count: the mix's and /healthz's samples, and their ratios in each slice pair."""

    mix: list[Sample] = field(default_factory=list)
    healthz: list[Sample] = field(default_factory=list)
    mix_seconds: float = 0.0
    healthz_seconds: float = 0.0
    rate_ratios: list[float] = field(default_factory=list)
    p50_ratios: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)  # server CPU per request, mix over /healthz


def ok_ms(samples: list[Sample]) -> list[float]:
    return [s.seconds * 1000 for s in samples if s.ok]


def measure_level(base_url: str, clients: int, ids: list[int], args: argparse.Namespace,
                  server: ServerCpu) -> Level:
    """The mix for `--seconds` and /healthz for `--healthz-seconds` at `clients`, in SLICES
    alternating slices: each slice pair sees the same moment's load, so the ratios are taken per
    pair (the machine is shared: its load changes by the second, and with it the mix's rate)."""
    level = Level()
    for _ in range(SLICES):
        before = server.snapshot()
        mix = closed_loop(base_url, clients, args.seconds / SLICES, the_mix(ids), repeat=args.mix_repeat)
        between = server.snapshot()
        mix_cpu = server.used_since(before)
        healthz = closed_loop(base_url, clients, args.healthz_seconds / SLICES, only_healthz)
        healthz_cpu = server.used_since(between)
        if mix.samples and healthz.samples and healthz_cpu > 0:
            level.cpu_ratios.append((mix_cpu / len(mix.samples)) / (healthz_cpu / len(healthz.samples)))
        level.mix += mix.samples
        level.healthz += healthz.samples
        level.mix_seconds += mix.elapsed
        level.healthz_seconds += healthz.elapsed
        # No /healthz answer at all (the app is down): 0, which misses the target, as it should.
        level.rate_ratios.append((len(mix.samples) / mix.elapsed) / (len(healthz.samples) / healthz.elapsed)
                                 if healthz.samples else 0.0)
        level.p50_ratios.append(percentile(ok_ms(mix.samples), 50) / percentile(ok_ms(healthz.samples), 50))
    return level


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def report_line(label: str, samples: list[Sample], seconds: float) -> str:
    latencies = ok_ms(samples)
    errors = sum(not s.ok for s in samples)
    return (f"{label:>16} | {len(samples) / seconds:10.1f} | {percentile(latencies, 50):7.1f} ms | "
            f"{percentile(latencies, 99):7.1f} ms | {errors:6d} | {os.getloadavg()[0]:5.2f}")


def header(first: str) -> str:
    return f"{first:>16} | requests/s |        p50 |        p99 | errors | load1"


def site_ids(pg_url: str) -> list[int]:
    with psycopg.connect(pg_url) as connection:
        rows = connection.execute("SELECT id FROM directory_servicepoint WHERE status = 'active'").fetchall()
    if not rows:
        sys.exit("no sites loaded")
    return [r[0] for r in rows]


def manage(env: dict[str, str], *args: str) -> None:
    import subprocess

    done = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def grow(pg_url: str, sites: int) -> None:
    print(grow_sites(pg_url, sites, CITY).line())


def app_env(database_url: str, **extra: str) -> dict[str, str]:
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "DATABASE_URL": database_url,
            "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1", "GEOCODER": "", "STATIC_MANIFEST": "false",
            "SECRET_KEY": "bench-load-secret-key-0123456789-0123456789-0123456789-0123", **extra}


def direct(args: argparse.Namespace) -> int:
    django_url, pg_url = scratch_urls(SCRATCH_DB)
    admin_sql(pg_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
    admin_sql(pg_url, f"CREATE DATABASE {SCRATCH_DB}")
    report = Report("bench_load")
    try:
        env = app_env(django_url)
        manage(env, "prepare_database", "--load")
        for size in args.sizes:
            if size:
                print("\n" + grow_sites(pg_url, size, CITY).line())
            measure_levels(report, env, pg_url, args, shipped=not size)
        return report.finish()
    finally:
        admin_sql(pg_url, f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


def measure_levels(report: Report, env: dict[str, str], pg_url: str, args: argparse.Namespace, shipped: bool) -> None:
    """Every client level against a fresh gunicorn (its workers' memory starts from the data):
    the mix, then /healthz alone at the same client count, so both see the same moment's load."""
    ids = site_ids(pg_url)
    app = Gunicorn(env, workers=3).start()
    monitor = psycopg.connect(pg_url, autocommit=True)
    try:
        assert app.process is not None
        server = ServerCpu(app.process.pid, monitor)
        size = "the shipped size" if shipped else f"{len(ids):,} sites"
        repeated = f"; every mix request sent {args.mix_repeat} times (--mix-repeat)" if args.mix_repeat > 1 else ""
        print(f"Request mix {', '.join(f'{w} % {name}' for w, name in MIX)}; {len(ids):,} sites; "
              f"gunicorn 3 sync workers on 127.0.0.1, DEBUG off; {args.seconds:g} s per level, then /healthz "
              f"alone {args.healthz_seconds:g} s at the same clients, in {SLICES} alternating slice pairs, after an "
              f"untimed {WARM_UP_SECONDS:g} s warm-up; {os.cpu_count()} cores{repeated}")
        # Untimed: a fresh gunicorn's first requests fill its workers' caches, which made the first
        # slice pair's ratio half the later ones' when 32 clients came first.
        closed_loop(app.url, WARM_UP_CLIENTS, WARM_UP_SECONDS, the_mix(ids))
        print(header("clients"))
        levels: dict[int, Level] = {}
        for clients in args.clients:
            level = levels[clients] = measure_level(app.url, clients, ids, args, server)
            print(report_line(f"{clients}", level.mix, level.mix_seconds), flush=True)
            print(report_line(f"{clients} /healthz", level.healthz, level.healthz_seconds), flush=True)
        print("mix over /healthz (medians of the slice pairs): " + "; ".join(
            f"{clients} clients: requests/s {statistics.median(level.rate_ratios):.2f}x, "
            f"p50 {statistics.median(level.p50_ratios):.2f}x, server CPU per request "
            f"{statistics.median(level.cpu_ratios):.2f}x" for clients, level in levels.items()), flush=True)
        errors = sum(not s.ok for level in levels.values() for s in level.mix + level.healthz)
        if shipped:
            report.answer(f"{size}: every answer 200 at every level", errors == 0, f"{errors} errors")
        if RATIO_CLIENTS in levels:
            level = levels[RATIO_CLIENTS]
            rate, p99 = len(level.mix) / level.mix_seconds, percentile(ok_ms(level.mix), 99)
            # Absolute (the issue's, for this machine): informative beside the calibration.
            target = ">= 300 requests/s with p99 < 300 ms" if shipped else ">= 150 requests/s"
            met = (rate >= 300 and p99 < 300) if shipped else rate >= 150
            report.absolute(f"{size}, {RATIO_CLIENTS} clients", f"{rate:.0f} requests/s, p99 {p99:.0f} ms "
                            f"({'meets' if met else 'misses'} the issue's target)", target=target)
            print(f"{size}, {RATIO_CLIENTS} clients, mix over /healthz in each of the {SLICES} slice pairs: "
                  f"requests/s {', '.join(f'{r:.2f}x' for r in level.rate_ratios)}; p50 (no target) "
                  f"{', '.join(f'{r:.2f}x' for r in level.p50_ratios)}; server CPU per request "
                  f"{', '.join(f'{r:.2f}x' for r in level.cpu_ratios)}; the target is on the median", flush=True)
            if shipped:  # a grown size's ratios are printed above, without a target (see MIX_OVER_HEALTHZ_CPU)
                report.ratio(f"server CPU per request, mix / /healthz at {RATIO_CLIENTS} clients, {size} "
                             f"(median of {SLICES} slice pairs)", statistics.median(level.cpu_ratios), 1.0,
                             at_most=MIX_OVER_HEALTHZ_CPU)
    finally:
        monitor.close()
        app.stop()


def failover(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-load-") as state:
        cluster = ScratchCluster(Path(state) / "db")
        (Path(state) / "db").mkdir()
        app = proxy = None
        try:
            primary_url = cluster.start_primary()
            env = app_env(primary_url, DB_CONNECT_TIMEOUT_SECONDS="2")
            manage(env, "prepare_database", "--load")
            pg_url = primary_url.replace("postgis://", "postgresql://", 1)
            if args.sites:
                grow(pg_url, args.sites)
            ids = site_ids(pg_url)
            replica_url = cluster.start_replica()
            app = Gunicorn(env | {"REPLICA_DATABASE_URL": replica_url}, workers=3).start()
            (Path(state) / "nginx").mkdir()
            proxy = Nginx(Path(state) / "nginx", app.port, BASE_DIR / "frontend", Path(state)).start()
            clients, seconds = args.failover_clients, args.failover_seconds
            print(f"Failover: the mix through nginx -> gunicorn (3 sync workers) -> replica for reads; "
                  f"{len(ids):,} sites; {clients} clients for {seconds:.0f} s; the primary is stopped at "
                  f"{seconds / 2:.0f} s")
            stopped_at: list[float] = []

            def stop_primary() -> None:
                cluster.stop_primary()
                stopped_at.append(time.monotonic())

            started = time.monotonic()
            run = closed_loop(proxy.url, clients, seconds, the_mix(ids), at_half=stop_primary)
            cut = stopped_at[0]
            before = [s for s in run.samples if s.started < cut]
            after = [s for s in run.samples if s.started >= cut]
            print(header("phase"))
            print(report_line("primary up", before, cut - started))
            print(report_line("primary stopped", after, started + seconds - cut))
            return 0
        finally:
            if proxy is not None:
                proxy.stop()
            if app is not None:
                app.stop()
            cluster.destroy()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", default="1,8,32,128", type=lambda v: [int(c) for c in v.split(",")])
    parser.add_argument("--seconds", type=float, default=10.0, help="each mix level")
    parser.add_argument("--healthz-seconds", type=float, default=None,
                        help="each /healthz level after the mix's (default: half of --seconds)")
    parser.add_argument("--mix-repeat", type=int, default=1,
                        help="send each mix request N times, count it once: an app N times slower (self-test)")
    parser.add_argument("--sizes", default=[0, 100_000], type=lambda v: [int(c) for c in v.split(",")],
                        help="directory sizes in turn: 0 is the shipped data, N grows it to N sites")
    parser.add_argument("--sites", type=int, default=0, help="failover: grow the directory to this many sites")
    parser.add_argument("--mode", choices=("both", "direct", "failover"), default="both",
                        help="direct: gunicorn alone; failover: through nginx, primary stopped halfway")
    parser.add_argument("--failover-seconds", type=float, default=30.0)
    parser.add_argument("--failover-clients", type=int, default=32)
    args = parser.parse_args()
    if args.healthz_seconds is None:
        args.healthz_seconds = args.seconds / 2
    status = 0
    if args.mode in ("both", "direct"):
        status |= direct(args)
    if args.mode in ("both", "failover"):
        print()
        status |= failover(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
