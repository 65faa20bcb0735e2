"""The admin as a data administrator sees it in Chinese: no English interface text left on the
zh-Hans and zh-Hant pages (headings, columns, filters, forms, help, the import pages), no
simplified-only characters in zh-Hant's interface. Data (table cells, choices, field contents)
is left alone: a category's English name is data. Django's own strings come from its catalogue,
ours from the project's."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.public.test_page_languages import simplified_only

pytestmark = pytest.mark.django_db

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Names that stay as they are in every language: formats, systems, standards, products.
KEPT_NAMES = re.compile(
    r"(CSV|XLSX?|UTF-8|GBK|GB18030|WGS-84|GCJ-02|BD-09|SHA-256|TOTP|HSDS|API|JSON|GeoJSON|OpenStreetMap|AMap|"
    r"Baidu|Gaode|Tencent|Tianditu|Django|OpenCC|PostGIS|HTTPS?|URL|ETag|OSM|GPS|QR|ISO|Open Referral|"
    r"Leaflet|OpenLayers|Excel|Control|Command|Mac|LDAP|e-mail|hotline|GET|POST)"
)
# Help texts that show what to type, in the form the data is stored in.
EXAMPLES = re.compile(r'#rrggbb|\[\{"day".*\}\]|district-civil-affairs|第十一条')
DATA_TAGS = {"td", "option", "textarea", "pre", "code", "select"}
# Inside these, the given element holds data: the filter sidebar's choices (categories,
# organizations), the logged-in user's name.
DATA_INSIDE = {"changelist-filter": "ul", "user-tools": "strong"}


class InterfaceText(HTMLParser):
    """Visible text outside data: not in table cells of the body, choices or field contents."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, str]] = []  # (tag, is data, id)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "input", "meta", "link", "hr", "source"):
            return
        attributes = dict(attrs)
        in_body = any(t == "tbody" for t, _, _ in self.stack)
        inside = any(DATA_INSIDE.get(element_id) == tag for _, _, element_id in self.stack)
        data = (tag in DATA_TAGS or (tag == "th" and in_body) or inside
                or "readonly" in (attributes.get("class") or "").split())
        self.stack.append((tag, data, attributes.get("id") or ""))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, text: str) -> None:
        if text.strip() and not any(t in ("script", "style") or data for t, data, _ in self.stack):
            self.parts.append(text.strip())


def interface_text(html: str) -> list[str]:
    parser = InterfaceText()
    parser.feed(html)
    return parser.parts


def staff_pages(site) -> list[str]:
    pages = [reverse("admin:index"), reverse("admin:directory_servicepoint_change", args=[site.pk])]
    for model in admin.site._registry:
        meta = model._meta
        for view in ("changelist", "add"):
            try:
                pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}"))
            except NoReverseMatch:
                continue
    for name in ("admin:loaders_importrun_upload",):
        try:
            pages.append(reverse(name))
        except NoReverseMatch:
            pass
    return pages


def leftovers(html: str, traditional: bool, data: tuple[str, ...]) -> list[str]:
    texts = [EXAMPLES.sub("", text) for text in interface_text(html)]
    for item in data:
        texts = [text.replace(item, "") for text in texts]
    found = [text for text in texts if ENGLISH_WORD.search(KEPT_NAMES.sub("", text))]
    if traditional:
        found += [text for text in texts if simplified_only(text)]
    return found


@pytest.mark.parametrize("prefix", ["", "/zh-hant"])
def test_the_admin_a_data_administrator_sees_is_in_chinese(data_admin, make_site, prefix):
    site = make_site(name="深圳市儿童医院", category="childrens_hospital")  # data: in titles, breadcrumbs
    found, seen = {}, 0
    for path in staff_pages(site):
        response = data_admin.get(prefix + path)
        if response.status_code in (302, 403):  # pages this role may not open
            continue
        assert response.status_code == 200, path
        seen += 1
        if left := leftovers(response.content.decode(), traditional=bool(prefix), data=(site.name,)):
            found[path] = left
    assert seen >= 15
    assert found == {}


@pytest.mark.parametrize("prefix", ["", "/zh-hant"])
def test_the_import_preview_and_result_are_in_chinese(data_admin, prefix, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    header = "external_id,name,category,organization,address,lon,lat,phone,assured_date\n"
    good = "d-1,福田儿童之家,party_mass_centre,party_mass,福田路1号,114.05,22.54,0755-11111111,2026-10-01\n"
    bad = "d-2,,party_mass_centre,party_mass,,114.05,22.54,,2026-13-45\n"
    pages = []
    for content, fields in ((header + good + bad, {}), (header + good, {})):
        data = {"source": "district-office", "crs": "wgs84", "mode": "update", "sheet": "",
                "file": SimpleUploadedFile("sites.csv", content.encode()), **fields}
        response = data_admin.post(prefix + "/admin/loaders/importrun/upload/", data)
        assert response.status_code == 302
        pages.append(data_admin.get(response["Location"]))
    token = re.search(r"/preview/([^/]+)/", pages[-1].request["PATH_INFO"]).group(1)
    result = data_admin.post(f"{prefix}/admin/loaders/importrun/preview/{token}/confirm/")
    pages.append(data_admin.get(result["Location"]))
    upload_form = data_admin.get(prefix + "/admin/loaders/importrun/upload/")
    data_of_import = ("福田儿童之家", "sites.csv", "district-office", data_admin.user.username)
    for page in [*pages, upload_form]:
        assert page.status_code == 200
        assert leftovers(page.content.decode(), traditional=bool(prefix), data=data_of_import) == [], page.request


# Apps only a superuser opens: the lock-out records (django-axes), second-factor devices
# (django-otp), the background queue (procrastinate), and users/groups with permission names.
SUPERUSER_APPS = ("axes", "otp_totp", "otp_static", "procrastinate", "auth")
# Apps whose own admin pages (field labels, help, filters, search help) are plain English strings
# with no gettext: our configs and admins label them through our catalogue
# (resourcemap/staff/third_party_apps.py, translated_admin.py); scanned as a case of their own.
ENGLISH_ONLY_APPS = ("otp_totp", "otp_static", "procrastinate")
# axes names its records in English (str of an attempt or a log), like data we cannot translate.
AXES_RECORD_NAMES = re.compile(r"(Attempted Access:|Access Log for) [^|›]*")
# The user form's password summary: the algorithm's name and masked salt and hash are data.
PASSWORD_HASH = re.compile(r"pbkdf2_sha256|[A-Za-z0-9+/]{6}\*{6,}")


def superuser_pages(client) -> list[str]:
    """List, add and (for one row made through the front door where possible) change views."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="审核员")
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=("axes", "directory")))
    pages = []
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label not in SUPERUSER_APPS:
            continue
        for view in ("changelist", "add"):
            try:
                pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}"))
            except NoReverseMatch:
                continue
        if row := model.objects.first():
            pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk]))
    return pages


@pytest.mark.parametrize("prefix", ["", "/zh-hant"])
@pytest.mark.parametrize("english_only", [False, True])
def test_the_pages_only_a_superuser_opens_are_in_chinese(client, django_user_model, prefix, english_only):
    from django.contrib.auth.models import Group

    boss = django_user_model.objects.create_superuser("boss", password="a-long-test-password-1234")
    client.force_login(boss)
    Client().post("/admin/login/", {"username": "boss", "password": "wrong-password"})  # an axes attempt + log
    found, seen = {}, set()
    pages = superuser_pages(client)
    group_names = tuple(Group.objects.values_list("name", flat=True))  # data, e.g. the role groups
    for path in pages:
        if (path.split("/")[2] in ENGLISH_ONLY_APPS) != english_only:
            continue
        response = client.get(prefix + path)
        if response.status_code == 403 and path.endswith("/add/"):  # records made only by the app
            continue
        assert response.status_code == 200, path
        seen.add(path.split("/")[2])
        html = AXES_RECORD_NAMES.sub("", PASSWORD_HASH.sub("", response.content.decode()))
        if left := leftovers(html, traditional=bool(prefix), data=("boss", *group_names)):
            found[path] = left
    assert seen == (set(ENGLISH_ONLY_APPS) if english_only else set(SUPERUSER_APPS) - set(ENGLISH_ONLY_APPS))
    assert found == {}


@pytest.mark.parametrize("prefix, expected", [
    ("", ("可以添加", "可以修改", "可以删除", "可以查看")), ("/zh-hant", ("可以新增", "可以修改", "可以刪除", "可以檢視")),
    ("/en", ("Can add", "Can change", "Can delete", "Can view")),
])
def test_permission_names_on_the_user_and_group_forms_follow_the_page(admin_client, django_user_model, prefix, expected):
    # Django stores permission names in English; the forms name them from the page's catalogue.
    user = django_user_model.objects.create_user("someone")
    for path, name in (("/admin/auth/group/add/", "permissions"), (f"/admin/auth/user/{user.pk}/change/", "user_permissions")):
        html = admin_client.get(prefix + path).content.decode()
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
        options = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', select)
        assert len(options) > 50, path  # every permission is offered
        assert all(any(action in option for action in expected) for option in options), path
        if prefix != "/en":
            english = sorted({option for option in options if ENGLISH_WORD.search(KEPT_NAMES.sub("", option))})
            assert english == [], (path, english)
