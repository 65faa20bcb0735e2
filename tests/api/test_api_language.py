"""API names in the request's language: ?lang= first, else Accept-Language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def category_names(response) -> dict[str, str]:
    return {row["code"]: row["name"] for row in response.json()}


def test_categories_follow_lang_and_accept_language(client):
    assert category_names(client.get("/api/v1/categories/", {"lang": "en"}))["childrens_hospital"] == "Children's hospital"
    traditional = client.get("/api/v1/categories/", HTTP_ACCEPT_LANGUAGE="zh-Hant")
    assert category_names(traditional)["childrens_hospital"] == "兒童醫院"
    assert traditional["Content-Language"] == "zh-hant"
    assert category_names(client.get("/api/v1/categories/"))["childrens_hospital"] == "儿童医院"


def test_nearest_names_categories_in_the_language(client, make_site):
    make_site(name="深圳市儿童医院", category="childrens_hospital")
    body = client.get("/api/v1/nearest/", {"lat": 22.55, "lon": 114.05, "lang": "en"}).json()
    assert body["features"][0]["properties"]["category_name"] == "Children's hospital"


def test_districts_in_english(client, boundaries):
    rows = client.get("/api/v1/districts/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert {row["code"]: row["name_en"] for row in rows}["440304"] == "Futian"


def test_an_unknown_lang_is_named(client):
    response = client.get("/api/v1/categories/", {"lang": "fr"})
    assert response.status_code == 400
    assert "lang" in response.json()["errors"]


def test_the_schema_documents_lang_on_every_operation(client):
    schema = client.get("/api/v1/schema/", headers={"accept": "application/vnd.oai.openapi+json"}).json()
    operations = [(path, op) for path, ops in schema["paths"].items() for op in ops.values()]
    assert len(operations) >= 8
    for path, operation in operations:
        lang = [p for p in operation["parameters"] if p["name"] == "lang"]
        assert len(lang) == 1, path
        assert lang[0]["in"] == "query" and set(lang[0]["schema"]["enum"]) == {"zh-hans", "zh-hant", "en"}
        assert "Accept-Language" in lang[0]["description"]
