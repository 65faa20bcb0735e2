"""Map page benchmark: time to first markers and bytes of the first view, in headless Chromium,
at the shipped size and grown to 100,000 and 1,000,000 sites.

    .venv/bin/python bench/bench_map.py [--runs 7] [--sizes 100000,1000000] [--port PORT]

Runs against a scratch database `bench_map_<pid>` on DATABASE_URL's server (created, migrated,
loaded with the full shipped data by `manage.py load_initial_data`, then grown set-based by
bench/grow.py (which VACUUM ANALYZEs as autovacuum would), dropped at the end), served by gunicorn
(2 workers, DEBUG off) on 127.0.0.1. The map's data comes as data tiles of the view
(/map/tiles/v<version>/..., resourcemap/public/tiles.py). Debian's Chromium (headless) opens the
map `--runs` times per size, each in a fresh context (empty browser cache), with the base map's
tile requests aborted:

- first markers, cold: milliseconds from navigation start (performance.now() in the page) until
  the first marker or cluster icon is in the map, with the server's tile cache emptied before
  each run too (the data version is bumped, as any edit does: every tile is computed again);
  target 1,000 ms at every size. The same with the server's tiles already cached (a second
  visitor) is printed beside it;
- bytes of the first view: every response's body gzip-compressed (what production serves:
  GZipMiddleware for pages and data, WhiteNoise's pre-compressed files for static), the data
  tiles' share printed apart; target 300 KB at every size (a size: the same on any machine);
- at the shipped size only: a warm reload, a blank page load (/healthz) and the phone view:
  milliseconds until the first result of the list is visible on a 360 x 740 screen (it must be
  inside the screen) and that load's weight gzip-compressed: at most 200 KB (a size).

Ratio targets (issue 18): first markers at the shipped size (median) at most
FIRST_MARKERS_OVER_BLANK times the blank page load (median), both measured in this run; the
phone's first result at most PHONE_FIRST_RESULT_OVER_BLANK times the same blank load. Answer
checks at every size: markers are really drawn; in every drawn tile the clusters' counts plus the
lone sites equal the tile's count, and those counts add up to SQL's count of public sites inside
the drawn tiles' edges (an independent query on longitude and latitude).
"""

from __future__ import annotations

import argparse
import gzip
import math
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from grow import grow_sites
from harness import Report, free_port, scratch_name
from scratch import admin_sql, scratch_urls

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
# First measured at 8.7x (medians 2,355 ms / 270 ms) on a 2-core machine loaded ~4x by other
# work (calibration 302 ms). A blank load is mostly fixed latencies that shrink less than the
# map's work on an idle machine, so the ratio there is expected higher: 40x is provisional until
# an idle run records it (the old absolute target left 2.6x over its 572 ms).
FIRST_MARKERS_OVER_BLANK = 40.0
WEIGHT_TARGET_KB = 300  # issue 14: the first view, compressed, at every size
FIRST_MARKERS_TARGET_MS = 1000  # issue 14, cold, median
# The phone's first result: 324 ms over a 77 ms blank load (4.2x) in RESULTS.md of b670f96; the
# old absolute 1,000 ms over that blank load is 13x, kept as the target.
PHONE_FIRST_RESULT_OVER_BLANK = 13.0
PHONE_WEIGHT_TARGET_KB = 200
HOST = "127.0.0.1"
CHROMIUM = "/usr/bin/chromium"
MARKER = ".site-marker, .marker-cluster"


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer at {url}")


def blank_loads(browser: object, base_url: str, runs: int) -> list[float]:
    """Navigation start to load event of /healthz, each in a fresh context (cold, like the map)."""
    timings = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(base_url + "/healthz", wait_until="load")
        timings.append(page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd"))
        context.close()
    return timings


def tile_bounds(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a slippy-map tile, in degrees."""
    def lat(row: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * row / 2**z))))

    return x / 2**z * 360 - 180, lat(y + 1), (x + 1) / 2**z * 360 - 180, lat(y)


def sql_count_in(pg_url: str, tiles: list[dict]) -> int:
    """Public sites inside the tiles' edges, counted by SQL on longitude and latitude."""
    import psycopg

    total = 0
    with psycopg.connect(pg_url) as connection:
        for tile in tiles:
            west, south, east, north = tile_bounds(tile["z"], tile["x"], tile["y"])
            total += connection.execute(
                "SELECT count(*) FROM directory_servicepoint WHERE status <> 'closed' "
                "AND ST_X(location::geometry) >= %s AND ST_X(location::geometry) < %s "
                "AND ST_Y(location::geometry) > %s AND ST_Y(location::geometry) <= %s",
                [west, east, south, north]).fetchone()[0]
    return total


def bump_version(pg_url: str) -> None:
    """What any edit does to the data version: every tile URL changes, the server's tiles are cold."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("UPDATE directory_dataversion SET number = number + 1 WHERE id = 1")


def compressed_kb(responses: list, part: str = "") -> float:
    bodies = [r.body() for r in responses if r.status != 304 and part in r.url]
    return sum(len(gzip.compress(body, 6)) for body in bodies if body) / 1024


# When the first marker or cluster icon enters the document, by the page's own clock (a
# MutationObserver installed before any script of the page runs), not when this script, polling
# from another process on a busy machine, notices it.
FIRST_MARKER_CLOCK = """
new MutationObserver(function (records, observer) {
  if (document.querySelector(".site-marker, .marker-cluster")) {
    window.__firstMarker = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
"""


def open_offline_map(context: object, base_url: str) -> tuple[object, list]:
    """The map page opened in `context` with every request off the app aborted (the base map's
    tiles: a benchmark never touches the internet, and the map must work without them), and the
    list its responses are collected into as they arrive, for the page's weight."""
    page = context.new_page()  # type: ignore[attr-defined]
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
               else route.abort())
    responses: list = []
    page.on("response", lambda response, sink=responses: sink.append(response))
    page.goto(base_url + "/", wait_until="commit")
    return page, responses


def first_view(browser: object, base_url: str) -> tuple[float, float, list, object]:
    """One cold load of the map in a fresh context: (first markers ms, the page's HTML received
    ms, responses, page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    context.add_init_script(FIRST_MARKER_CLOCK)
    page, responses = open_offline_map(context, base_url)
    page.wait_for_selector(MARKER, state="attached", timeout=30000)
    first = page.evaluate("() => window.__firstMarker")
    html = page.evaluate("() => performance.getEntriesByType('navigation')[0].responseEnd")
    page.wait_for_selector("#map[data-markers]", state="attached", timeout=30000)
    page.wait_for_load_state("networkidle")
    return first, html, responses, page


def measure(report: Report, browser: object, base_url: str, runs: int, pg_url: str, label: str,
            shipped: bool) -> float:
    """First markers (cold browser, cold server tiles; then warm server tiles) and first-view bytes."""
    cold: list[float] = []
    html: list[float] = []
    warm: list[float] = []
    weights: list[tuple[float, float, int]] = []
    for run in range(runs):
        bump_version(pg_url)
        first, page_ms, responses, page = first_view(browser, base_url)
        cold.append(first)
        html.append(page_ms)
        weights.append((compressed_kb(responses), compressed_kb(responses, "/map/tiles/"),
                        sum("/map/tiles/" in r.url for r in responses)))
        if run == runs - 1:
            drawn = page.evaluate("() => window.ResourceMap.dataTiles.drawn()")
            icons = page.locator(MARKER).count()
            shown = int(page.get_attribute("#map", "data-markers") or 0)
            report.answer(f"{label}: markers drawn", icons > 0 and shown > 0,
                          f"{icons} marker and cluster icons for {shown:,} sites in {len(drawn)} tiles")
            inconsistent = [t for t in drawn if t["clustered"] + t["sites"] != t["count"]]
            report.answer(f"{label}: each tile's clusters + lone sites = its count", not inconsistent,
                          f"{len(drawn) - len(inconsistent)}/{len(drawn)} tiles")
            expected = sql_count_in(pg_url, drawn)
            report.answer(f"{label}: sites in the drawn tiles = SQL count inside their edges",
                          shown == expected and sum(t["count"] for t in drawn) == expected,
                          f"{shown:,} on the map, {expected:,} by SQL")
            if shipped:
                started = time.perf_counter()
                page.reload(wait_until="commit")
                page.wait_for_selector(MARKER, state="attached", timeout=30000)
                print(f"{label}: warm reload (browser cache): first markers after "
                      f"{page.evaluate('() => performance.now()'):.0f} ms "
                      f"({(time.perf_counter() - started) * 1000:.0f} ms wall)")
        page.context.close()
    for _ in range(runs):  # the server's tiles of this version are cached now: a second visitor
        first, _page_ms, _responses, page = first_view(browser, base_url)
        warm.append(first)
        page.context.close()
    total_kb, tiles_kb, tile_count = weights[-1]
    report.absolute(f"{label}: first markers visible (cold browser and server tiles, {runs} runs), median / worst",
                    f"{statistics.median(cold):.0f} ms / {max(cold):.0f} ms", target=f"{FIRST_MARKERS_TARGET_MS} ms")
    print(f"{label}: first markers with the server's tiles cached (cold browser, {runs} runs): "
          f"median {statistics.median(warm):.0f} ms, worst {max(warm):.0f} ms")
    print(f"{label}: of which the map page's HTML (its server-rendered list) until received: "
          f"median {statistics.median(html):.0f} ms; from then to the first markers: "
          f"median {statistics.median(c - h for c, h in zip(cold, html, strict=True)):.0f} ms")
    report.answer(f"{label}: first view <= {WEIGHT_TARGET_KB} KB gzip-compressed (a size: any machine)",
                  total_kb <= WEIGHT_TARGET_KB,
                  f"{total_kb:.0f} KB, of which {tile_count} data tiles {tiles_kb:.1f} KB")
    return statistics.median(cold)


PHONE = {"width": 360, "height": 740}
FIRST_RESULT = "#results .result"


def measure_phone(report: Report, base_url: str, runs: int, blank_ms: float) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        first_results: list[float] = []
        compressed_sizes: list[int] = []
        outside: list[object] = []  # the first result's box, in the runs where it was not inside the screen
        for _ in range(runs):
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page, responses = open_offline_map(context, base_url)
            page.wait_for_selector(FIRST_RESULT, state="visible", timeout=30000)
            # The browser's own paint time of the first result's name (Element Timing: the
            # page marks it elementtiming="first-result"), not when this script noticed it.
            painted = page.evaluate("""() => new Promise(resolve => new PerformanceObserver((list, observer) => {
                const entry = list.getEntries().find(e => e.identifier === "first-result");
                if (entry) { observer.disconnect(); resolve(entry.renderTime || entry.loadTime); }
            }).observe({type: "element", buffered: true}))""")
            first_results.append(painted)
            box = page.locator(FIRST_RESULT).first.bounding_box()
            if box is None or box["y"] + box["height"] > PHONE["height"]:
                outside.append(box)
            page.wait_for_load_state("networkidle")
            compressed_sizes.append(sum(len(gzip.compress(r.body(), 6)) for r in responses if r.status != 304))
            context.close()
        browser.close()
    report.answer("phone 360x740: the first result is inside the screen", not outside,
                  f"in {runs - len(outside)} of {runs} runs" + (f" (e.g. box {outside[0]})" if outside else ""))
    report.absolute(f"phone 360x740: first result visible (cold, {runs} runs), median / worst",
                    f"{statistics.median(first_results):.0f} ms / {max(first_results):.0f} ms", target="1000 ms")
    weight_kb = statistics.median(compressed_sizes) / 1024
    report.answer(f"phone 360x740: page weight without tiles <= {PHONE_WEIGHT_TARGET_KB} KB gzip-compressed "
                  "(a size: any machine)", weight_kb <= PHONE_WEIGHT_TARGET_KB, f"{weight_kb:.0f} KB")
    report.ratio("phone first result / blank page load (medians)", statistics.median(first_results), blank_ms,
                 at_most=PHONE_FIRST_RESULT_OVER_BLANK)


def launch(playwright: object) -> object:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,  # type: ignore[attr-defined]
                                      args=["--no-sandbox", "--disable-gpu"])


def vacuum_analyze(pg_url: str) -> None:
    """What autovacuum does after a bulk insert: statistics, and the visibility map that lets the
    tiles' covering index answer without reading the table."""
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE directory_servicepoint")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="100000,1000000", help="grown sizes after the shipped one")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    scratch_db = scratch_name("bench_map")
    port = args.port or free_port()
    django_url, pg_url = scratch_urls(scratch_db)
    admin_sql(pg_url, f"DROP DATABASE IF EXISTS {scratch_db}")
    admin_sql(pg_url, f"CREATE DATABASE {scratch_db}")
    env = {**os.environ, "DATABASE_URL": django_url, "DEBUG": "false", "STATIC_MANIFEST": "false",
           "ALLOWED_HOSTS": f"{HOST},localhost"}
    server = None
    try:
        started = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "load_initial_data")
        vacuum_analyze(pg_url)
        print(f"scratch database loaded with the shipped data in {time.perf_counter() - started:.0f} s")
        import psycopg
        from playwright.sync_api import sync_playwright

        with psycopg.connect(pg_url) as connection:
            public_sites = connection.execute(
                "SELECT count(*) FROM directory_servicepoint WHERE status <> 'closed'").fetchone()[0]
        report = Report("bench_map")
        server = subprocess.Popen(
            [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "resourcemap.wsgi", "-b", f"{HOST}:{port}",
             "-w", "2", "--log-level", "warning"],
            cwd=BASE_DIR, env=env,
        )
        base_url = f"http://{HOST}:{port}"
        wait_until_up(base_url + "/healthz")
        with sync_playwright() as playwright:
            browser = launch(playwright)
            shipped = measure(report, browser, base_url, args.runs, pg_url, f"{public_sites:,} sites (shipped)", True)
            blank = blank_loads(browser, base_url, args.runs)
            browser.close()
        print(f"blank page load (/healthz, cold, {args.runs} runs): median {statistics.median(blank):.0f} ms, "
              f"worst {max(blank):.0f} ms")
        report.ratio("first markers / blank page load (medians, shipped size)", shipped, statistics.median(blank),
                     at_most=FIRST_MARKERS_OVER_BLANK)
        measure_phone(report, base_url, args.runs, statistics.median(blank))
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for size in sizes:
                # The map never searches the generated sites: no gram index to build for them.
                growth = grow_sites(pg_url, size, searchable=False)
                print(f"\n{size:,} sites: {growth.line()}", flush=True)
                measure(report, browser, base_url, args.runs, pg_url, f"{size:,} sites", False)
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        admin_sql(pg_url, f"DROP DATABASE IF EXISTS {scratch_db} WITH (FORCE)")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
