"""The help page for young people, in three languages, and the hotline bar that links it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "phrases"),
    [
        ("", ["拨打 12345，然后按 6", "24 小时", "你可以自己打", "不用说出你的名字", "110", "霸凌", "忽视", "第十一条"]),
        ("/zh-hant", ["撥打 12345，然後按 6", "24 小時", "你可以自己打", "110", "霸凌", "忽視", "第十一條"]),
        ("/en", ["Call 12345, then press 6", "24 hours", "You may call yourself", "110", "Bullying",
                 "Neglect", "article 11"]),
    ],
)
def test_it_explains_the_hotline_in_plain_words(client, prefix, phrases):
    html = client.get(f"{prefix}/help/").content.decode()
    for phrase in phrases:
        assert phrase in html, phrase
    assert 'href="tel:12345,6"' in html
    assert 'href="tel:110"' in html


@pytest.mark.parametrize("path", ["/", "/en/referral/", "/zh-hant/policies/", "/help/"])
def test_every_page_has_the_quick_exit_and_links_the_help_page(client, path):
    html = client.get(path).content.decode()
    assert 'id="quick-exit"' in html
    assert 'data-url="https://www.weather.com.cn/"' in html
    language = path.split("/")[1] if path.startswith(("/en/", "/zh-hant/")) else ""
    assert f'href="{"/" + language if language else ""}/help/"' in html
