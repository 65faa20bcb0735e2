"""What the cache of public answers (resourcemap/caching.py) serves: one entry per language,
strong ETags and 304s, bodies compressed once, nothing for staff or for typed searches, and
no per-visitor token in a shared page."""

from __future__ import annotations

import gzip

import brotli
import pytest
from django.core.cache import caches

from resourcemap import caching

pytestmark = pytest.mark.django_db


def test_each_language_has_its_own_cached_answer(client, make_site):
    site = make_site(name="园岭社区党群服务中心", category="party_mass_centre")
    pages = {}
    for prefix in ("", "/zh-hant", "/en"):
        first = client.get(f"{prefix}/sites/{site.pk}/")
        again = client.get(f"{prefix}/sites/{site.pk}/")
        assert first["X-Public-Cache"] == "miss" and again["X-Public-Cache"] == "hit"
        pages[prefix or "/zh-hans"] = again
    assert "园岭社区党群服务中心" in pages["/zh-hans"].content.decode()
    assert "園嶺社區黨羣服務中心" in pages["/zh-hant"].content.decode()  # data text converted (OpenCC)
    assert 'lang="en"' in pages["/en"].content.decode()
    assert len({page.content for page in pages.values()}) == 3
    assert len({page["ETag"] for page in pages.values()}) == 3
    # The map's data converts names on traditional pages: one entry per script there too.
    simplified = client.get("/map/sites.geojson").json()["features"][0]["properties"]["name"]
    traditional = client.get("/zh-hant/map/sites.geojson").json()["features"][0]["properties"]["name"]
    assert (simplified, traditional) == ("园岭社区党群服务中心", "園嶺社區黨羣服務中心")
    # The API picks its language from ?lang= / Accept-Language: keyed by it too.
    names = {
        lang: client.get("/api/v1/categories/", {"lang": lang}).json()[0]["name"] for lang in ("zh-hans", "en")
    }
    english = client.get("/api/v1/categories/", headers={"accept-language": "en"}).json()[0]["name"]
    assert names["zh-hans"] != names["en"] == english


def test_a_strong_etag_gets_a_304_per_encoding_and_moves_with_the_data(client, make_site):
    site = make_site(name="深圳市儿童医院", category="childrens_hospital")
    first = client.get(f"/sites/{site.pk}/")
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong, not W/
    assert first["Cache-Control"] == "public, max-age=10, must-revalidate"
    assert "Accept-Encoding" in first["Vary"]
    not_modified = client.get(f"/sites/{site.pk}/", headers={"if-none-match": etag})
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag
    zipped = client.get(f"/sites/{site.pk}/", headers={"accept-encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip" and zipped["ETag"] != etag  # a strong tag per coding
    assert client.get(f"/sites/{site.pk}/", headers={"accept-encoding": "gzip",
                                                      "if-none-match": zipped["ETag"]}).status_code == 304
    site.phones = ["0755-83000000"]
    site.save()
    changed = client.get(f"/sites/{site.pk}/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "0755-83000000" in changed.content.decode()


def test_bodies_are_compressed_once_and_served_to_clients_that_accept_them(client, make_site, monkeypatch):
    for n in range(30):
        make_site(name=f"园岭街道第{n}社区党群服务中心", lon=114.0 + n / 1000)
    made: list[str] = []
    real = caching.compress

    def counting(body: bytes, encoding: str) -> bytes:
        made.append(encoding)
        return real(body, encoding)

    monkeypatch.setattr(caching, "compress", counting)
    plain = client.get("/map/sites.geojson")
    assert not plain.has_header("Content-Encoding")
    bodies = {}
    for accept, coding in (("gzip", "gzip"), ("gzip, deflate, br", "br"), ("br;q=0, gzip", "gzip")):
        for _ in range(3):
            response = client.get("/map/sites.geojson", headers={"accept-encoding": accept})
            assert response["Content-Encoding"] == coding
            bodies[coding] = response.content
    assert sorted(made) == ["br", "gzip"]  # nine compressed answers, two compressions
    assert gzip.decompress(bodies["gzip"]) == plain.content
    assert brotli.decompress(bodies["br"]) == plain.content


def test_staff_and_people_who_just_sent_a_form_never_get_or_fill_a_shared_entry(client, admin_client, make_site):
    site = make_site(name="园岭社区党群服务中心")
    anonymous = client.get(f"/sites/{site.pk}/")
    assert client.get(f"/sites/{site.pk}/")["X-Public-Cache"] == "hit"
    staff = admin_client.get(f"/sites/{site.pk}/")
    assert staff.status_code == 200 and not staff.has_header("X-Public-Cache")
    assert staff.context is not None  # rendered for this request, not copied from the entry
    assert not staff.has_header("Cache-Control") or "public" not in staff["Cache-Control"]
    client.cookies["messages"] = "x"
    assert not client.get(f"/sites/{site.pk}/").has_header("X-Public-Cache")
    # The shared entry itself carries nothing per visitor.
    body = anonymous.content.decode()
    assert "csrfmiddlewaretoken" not in body and not anonymous.cookies
    assert "nonce" not in body


def test_typed_searches_and_points_are_answered_fresh_and_not_stored(client, make_site):
    make_site(name="深圳市儿童医院", category="childrens_hospital")
    store = caches[caching.PUBLIC_CACHE]
    store.clear()
    for url, params in (("/", {"q": "福田区福华路1号"}), ("/api/v1/sites/", {"q": "福华路"}),
                        ("/api/v1/sites/", {"bbox": "114.0,22.5,114.1,22.6"})):
        for _ in range(2):
            response = client.get(url, params)
            assert response.status_code == 200 and not response.has_header("X-Public-Cache")
    assert not store._cache  # LocMemCache's entries: nothing was stored


def test_the_language_buttons_still_switch_without_a_token(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/policies/"})
    assert response.status_code == 302 and response["Location"] == "/en/policies/"
