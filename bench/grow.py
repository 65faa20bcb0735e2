"""Growing a scratch directory to a million sites in about a minute, set-based, for every benchmark.

    from grow import grow_sites
    added, seconds = grow_sites(pg_url, 1_000_000)          # after the shipped data is loaded

Generated sites are named like real ones (a community + a kind of service: 百花社区党群服务中心),
carry the address and description of a shipped site, a category matching the kind, and a point
uniform over the city box; their search columns are computed by the importer's own function
(resourcemap.search.index.search_columns_for) for each distinct name/address pair (a few
thousand "templates"), and one INSERT ... SELECT over generate_series copies them out to the
wanted size. So search, nearest, the map and the load mix all see the same searchable data, and
no benchmark pays ~15 minutes of Python per million rows.

Every generated row has `source = 'bench'` and `external_id = 'gen-<n>'` (n continues from the
rows already there, so a benchmark may grow the same database twice).
"""

from __future__ import annotations

import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

CITY = (113.80, 22.45, 114.60, 22.85)  # minlon, minlat, maxlon, maxlat of generated points
KINDS = [  # (what the name ends in, category code)
    ("党群服务中心", "party_mass_centre"), ("儿童之家", "party_mass_centre"), ("幼儿园", "kindergarten"),
    ("小学", "primary_school"), ("中学", "secondary_school"), ("社康中心", "hospital"),
    ("妇幼保健所", "maternal_child_health"), ("未成年人保护工作站", "minor_protection"),
    ("特殊教育资源中心", "special_school"),
]


@dataclass(frozen=True)
class Template:
    number: int
    name: str
    address: str
    description: str
    category_id: int
    search_text: str
    search_grams: list[str]
    search_latin: str


def _shipped_rows() -> list[dict[str, str]]:
    with (BASE_DIR / "data" / "sites.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _communities() -> list[str]:
    with (BASE_DIR / "data" / "boundaries" / "communities.csv").open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def templates(connection: psycopg.Connection) -> list[Template]:
    """Every community x kind, each with a shipped site's address and description (fixed order)."""
    from resourcemap.search.index import search_columns_for

    categories = {
        code: (pk, " ".join(filter(None, words)))
        for pk, code, *words in connection.execute(
            "SELECT id, code, name_zh_hans, name_zh_hant, name_en, aliases FROM directory_category"
        ).fetchall()
    }
    shipped = _shipped_rows()
    result = []
    for index, (community, (kind, code)) in enumerate(
        (community, kind) for community in _communities() for kind in KINDS if kind[1] in categories
    ):
        base = shipped[(index * 7) % len(shipped)]
        name = f"{community}{kind}"
        category_id, words = categories[code]
        columns = search_columns_for(name, "", base["description"], base["address"], words)
        result.append(Template(index, name, base["address"], base["description"], category_id,
                               str(columns["search_text"]), list(columns["search_grams"]),  # type: ignore[call-overload]
                               str(columns["search_latin"])))
    return result


# One row per g: template g % count, a uniform random point in the box; every NOT NULL column set.
_INSERT = """
INSERT INTO directory_servicepoint (
    source, external_id, name, alternate_name, description, category_id, address, location,
    location_precision, phones, website, email, opening_hours, hours_note, eligibility, languages,
    accessibility, fees, status, provenance, search_text, search_grams, search_latin, created_at, updated_at,
    service_area_kind)
SELECT 'bench', 'gen-' || g, t.name, '', t.description, t.category_id, t.address,
       ST_SetSRID(ST_MakePoint(%(minlon)s + random() * %(dlon)s, %(minlat)s + random() * %(dlat)s), 4326)::geography,
       'surveyed', ARRAY['0755-' || (80000000 + g)], '', '', '[]'::jsonb, '', '', '{}', '', '', 'active', 'bench',
       t.search_text, t.search_grams, t.search_latin, now(), now(), ''
FROM generate_series(%(first)s::int, %(last)s::int) AS g
JOIN bench_template t ON t.number = g %% %(count)s::int
"""

# Indexes not backing a constraint (the primary key and unique constraints stay: the insert
# relies on them), with the statement that recreates each.
_SECONDARY_INDEXES = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.tablename = 'directory_servicepoint' AND i.schemaname = current_schema()
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
ORDER BY i.indexname
"""


@dataclass(frozen=True)
class Growth:
    rows: int
    seconds: float
    phases: str  # where the seconds went

    def line(self) -> str:
        return (f"grew the directory by {self.rows:,} generated sites (bench/grow.py) in {self.seconds:.0f} s: "
                f"{self.phases}")


def grow_sites(pg_url: str, total: int, box: tuple[float, float, float, float] = CITY,
               seed: float = 0.5, *, searchable: bool = True) -> Growth:
    """Adds generated sites until the table holds `total` rows, then VACUUM ANALYZE.

    searchable=False leaves their search columns empty (a benchmark that never searches them
    skips building a million rows' gram index)."""
    started = time.perf_counter()
    phases: list[str] = []

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        phases.append(f"{name} {now - since:.0f} s")
        return now

    with psycopg.connect(pg_url, autocommit=True) as connection:
        existing = connection.execute("SELECT count(*) FROM directory_servicepoint").fetchone()[0]  # type: ignore[index]
        rows = max(0, total - existing)
        mark = started
        if rows:
            made = templates(connection)
            connection.execute(
                "CREATE TEMP TABLE bench_template (number int PRIMARY KEY, name text, address text, "
                "description text, category_id bigint, search_text text, search_grams text[], search_latin text)"
            )
            with connection.cursor().copy("COPY bench_template FROM STDIN") as copy:
                for t in made:
                    copy.write_row((t.number, t.name, t.address, t.description, t.category_id,
                                    t.search_text if searchable else "", t.search_grams if searchable else [],
                                    t.search_latin if searchable else ""))
            mark = phase(f"{len(made):,} templates", mark)
            # Building an index once beats updating it row by row (with the GIN indexes of the
            # search columns maintained per row a million rows took 470 s here), so the secondary
            # indexes are dropped during the insert and rebuilt from their own definitions after it.
            secondary = connection.execute(_SECONDARY_INDEXES).fetchall()
            for name, _definition in secondary:
                connection.execute(f'DROP INDEX "{name}"')
            connection.execute("SELECT setseed(%s)", (seed,))
            minlon, minlat, maxlon, maxlat = box
            connection.execute(_INSERT, {"minlon": minlon, "minlat": minlat, "dlon": maxlon - minlon,
                                         "dlat": maxlat - minlat, "first": existing + 1, "last": total,
                                         "count": len(made)})
            connection.execute("DROP TABLE bench_template")
            mark = phase("insert", mark)
            connection.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in secondary:
                connection.execute(definition)
            mark = phase(f"{len(secondary)} indexes rebuilt", mark)
        # Fresh rows: the statistics and visibility map autovacuum would give a long-lived table.
        connection.execute("VACUUM (ANALYZE) directory_servicepoint")
        phase("VACUUM ANALYZE", mark)
    return Growth(rows, time.perf_counter() - started, ", ".join(phases))
