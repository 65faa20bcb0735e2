"""The import writes the search columns the model computes, on real rows of data/sites.csv.

New sites take the COPY path (search columns computed by forked workers, chunk by chunk, while
PostgreSQL writes), changed sites the staging + upsert path; both must store exactly what
directory/actions.fill_search_columns() computes one site at a time (OpenCC's simplified form,
pinyin full and initials, grams), including for names given in traditional characters.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from pypinyin import lazy_pinyin

from resourcemap.directory.actions import fill_search_columns
from resourcemap.directory.models import ServicePoint
from resourcemap.search.normalize import _HAN, normalize, pinyin_of_normalized
from tests.loaders.files import site, write_csv

pytestmark = pytest.mark.django_db
SHIPPED = Path(__file__).resolve().parent.parent.parent / "data" / "sites.csv"
TRADITIONAL = [("深圳市兒童醫院", "兒童醫院;市兒院"), ("園嶺街道黨群服務中心", "黨群服務中心")]


def shipped_rows(count: int) -> list[dict[str, str]]:
    with SHIPPED.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    step = max(1, len(rows) // count)  # every kind of site, not only the first source's
    return rows[::step][:count]


def real_sites(count: int) -> list[dict[str, object]]:
    sites = [
        site(f"real-{i}", row["name"], alternate_name=row.get("alternate_name", ""), category=row["category"],
             organization=row.get("organization", ""), description=row.get("description", ""),
             address=row.get("address", ""))
        for i, row in enumerate(shipped_rows(count))
    ]
    sites += [site(f"trad-{i}", name, alternate_name=alternate) for i, (name, alternate) in enumerate(TRADITIONAL)]
    return sites


def assert_stored_columns_are_the_models() -> None:
    differ = []
    for stored in ServicePoint.objects.select_related("category"):
        columns = (stored.search_text, stored.search_grams, stored.search_latin)
        fill_search_columns(stored)
        if columns != (stored.search_text, stored.search_grams, stored.search_latin):
            differ.append(stored.external_id)
    assert not differ


def test_new_and_changed_real_sites_get_the_models_search_columns(boundaries, tmp_path: Path, monkeypatch) -> None:
    from loaders import apply, core

    monkeypatch.setattr(apply, "PARALLEL_FROM_ROWS", 2)  # forked workers, as for a large import
    monkeypatch.setattr(apply, "STREAM_CHUNK", 40)  # several chunks streamed into one COPY
    sites = real_sites(200)
    core.apply(core.validate(write_csv(tmp_path / "v1.csv", sites), core.ImportParams()))
    assert ServicePoint.objects.count() == len(sites)
    assert_stored_columns_are_the_models()

    for row in sites[::2]:  # half of them renamed, into traditional characters: the upsert path
        row["name"] = f"{row['name']}兒童醫院"
    run = core.apply(core.validate(write_csv(tmp_path / "v2.csv", sites), core.ImportParams()))
    assert (run.added, run.changed) == (0, len(sites[::2]))
    assert_stored_columns_are_the_models()
    assert ServicePoint.objects.search("etyy").filter(external_id="trad-0").exists()
    assert ServicePoint.objects.search("儿童医院").count() >= len(sites[::2])


def test_pinyin_is_lazy_pinyins_for_every_shipped_name() -> None:
    """pinyin_of_normalized converts word by word with a cache: the same syllables as one call."""
    with SHIPPED.open(encoding="utf-8") as handle:
        texts = [text for row in csv.DictReader(handle) for text in (row["name"], row.get("alternate_name", ""))]
    texts += [name for name, _ in TRADITIONAL]
    for text in texts:
        normalized = normalize(text)
        syllables = [s.lower() for s in lazy_pinyin("".join(_HAN.findall(normalized)))]
        assert pinyin_of_normalized(normalized) == ("".join(syllables), "".join(s[:1] for s in syllables)), text
