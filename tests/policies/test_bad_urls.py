"""Impossible version dates in a law's URLs are a 404, never a 500."""

from __future__ import annotations

import pytest
from django.utils.html import escape

pytestmark = pytest.mark.django_db

BAD_DATE_URLS = [
    "/policies/yiwujiaoyufa/2024-13-45/",
    "/policies/yiwujiaoyufa/2024-02-30/",
    "/policies/yiwujiaoyufa/0000-00-00/",
    "/policies/yiwujiaoyufa/2024-02-30/19/",
    "/policies/yiwujiaoyufa/2024-13-45/19/",
    "/policies/yiwujiaoyufa/0000-00-00/19/",
    "/en/policies/yiwujiaoyufa/2023-02-29/19/",
]


@pytest.mark.parametrize("url", BAD_DATE_URLS)
def test_it_answers_an_impossible_version_date_with_404(client, policies, url):
    assert client.get(url).status_code == 404


def test_it_still_serves_a_real_version_date(client, policies):
    assert client.get("/policies/yiwujiaoyufa/2018-12-29/").status_code == 200
    assert client.get("/policies/yiwujiaoyufa/2018-12-29/19/").status_code == 200


def test_it_opens_the_map_from_all_categories_of_an_article(client, policies):
    for prefix in ("", "/en"):
        page = client.get(f"{prefix}/policies/yiwujiaoyufa/2018-12-29/19/")
        link = page.context["all_categories_url"]
        assert f'href="{escape(link)}"' in page.content.decode()
        assert link.startswith(f"{prefix}/?category=")
        response = client.get(link)
        assert response.status_code == 200
        assert response.context["form"].cleaned_data["category"] == [
            "primary_school", "secondary_school", "special_school"
        ]
