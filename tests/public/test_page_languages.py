"""Public pages in each language: no simplified-only text on zh-Hant pages (interface and data,
OpenCC-converted), no Chinese interface strings on English pages, the city in the language."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import opencc
import pytest

pytestmark = pytest.mark.django_db

# A character is simplified-only when every traditional standard writes it differently
# (群 is traditional in Taiwan, 羣 in Hong Kong: neither is a leftover).
_TRADITIONAL = [opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk")]
HAN = re.compile(r"[\u3400-\u9fff]")


def simplified_only(text: str) -> str:
    return "".join(c for c in text if HAN.match(c) and all(cc.convert(c) != c for cc in _TRADITIONAL))


class VisibleText(HTMLParser):
    """The text a person sees, and the elements' lang, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.parts: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "source"):
            return
        self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(tag in ("script", "style") for tag, _ in self.stack):
            langs = [lang for _, lang in self.stack if lang]
            self.parts.append((data.strip(), langs[-1] if langs else None))


def visible(html: str) -> list[tuple[str, str | None]]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


@pytest.fixture
def pages(make_site, boundaries):
    site = make_site(name="深圳市儿童医院", category="childrens_hospital", address="福田区益田路7019号",
                     description="儿童内科、儿童保健", district=boundaries["futian"])
    return ["/", f"/sites/{site.pk}/", "/referral/", "/policies/", "/help/", "/no-such-page/"]


def test_zh_hant_pages_have_no_simplified_only_text(client, pages):
    for path in pages:
        html = client.get("/zh-hant" + path).content.decode()
        leftovers = [text for text, lang in visible(html)
                     if lang not in ("zh-Hans", "en", "zh-hans") and simplified_only(text)]
        assert leftovers == [], path


def test_english_pages_have_no_chinese_interface_strings(client, pages):
    for path in pages:
        html = client.get("/en" + path).content.decode()
        # Data (site and place names, addresses) may be Chinese; the interface must not be.
        data = {"深圳市儿童医院", "福田区益田路7019号", "儿童内科、儿童保健", "福田区", "龙岗区", "大鹏新区",
                "园岭街道",
                "etyy"}  # the search hint's examples are Chinese on purpose: they are what to type
        leftovers = [text for text, lang in visible(html)
                     if HAN.search(text) and lang not in ("zh-hans", "zh-hant", "zh-Hans", "zh-Hant")
                     and not any(item in text for item in data)]
        assert leftovers == [], path


def test_titles_name_the_city_in_the_page_language(client, pages):
    assert "· Shenzhen</title>" in client.get("/en/help/").content.decode()
    assert "· 深圳</title>" in client.get("/help/").content.decode()


def test_the_traditional_standard_is_a_setting(client, make_site, settings):
    site = make_site(name="百花社区党群服务中心")
    settings.OPENCC_TRADITIONAL = "s2hk"
    assert "百花社區黨羣服務中心" in client.get(f"/zh-hant/sites/{site.pk}/").content.decode()
    settings.OPENCC_TRADITIONAL = "s2twp"
    assert "黨群服務中心" in client.get(f"/zh-hant/sites/{site.pk}/").content.decode()


def test_marker_names_are_converted_for_zh_hant(client, make_site):
    make_site(name="深圳市儿童医院")
    simplified = client.get("/map/sites.geojson")
    traditional = client.get("/zh-hant/map/sites.geojson")
    assert "深圳市儿童医院" in simplified.content.decode()
    assert "深圳市兒童醫院" in traditional.content.decode()
    assert simplified["ETag"] != traditional["ETag"]
    assert client.get("/map/sites.geojson").content == simplified.content  # not the other script's copy


def js_messages() -> set[str]:
    """Every string the public pages' scripts pass to gettext/ngettext (first argument)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    scripts = [*root.glob("frontend/js/*.js"), *root.glob("resourcemap/*/static/*/*.js")]
    call = re.compile(r"\b(?:gettext|ngettext)\(\s*\"((?:[^\"\\]|\\.)*)\"")
    return {m.group(1).replace('\\"', '"') for path in scripts for m in call.finditer(path.read_text())}


@pytest.mark.parametrize("prefix", ["", "/zh-hant"])
def test_every_script_string_is_in_the_page_languages_catalogue(client, prefix):
    messages = js_messages()
    assert len(messages) >= 20  # the scan found the scripts
    body = client.get(prefix + "/map/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1))
    missing = sorted(m for m in messages if m not in catalogue)
    assert missing == []
    # Whole phrases, as OpenCC converts them (公里 is traditional; 里 alone would not be).
    leftovers = [text for text in catalogue.values() if isinstance(text, str) and prefix
                 and all(converter.convert(text) != text for converter in _TRADITIONAL)]
    assert leftovers == []
