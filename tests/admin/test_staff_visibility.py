"""What each role may read: uploaded import files and reporters' contact details are not for
read-only staff, and a site's history is readable only by those who may read the site now."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from loaders.models import ImportRun
from resourcemap.directory.models import Organization, ServicePoint
from resourcemap.feedback.models import ProblemReport

pytestmark = pytest.mark.django_db

SITES = "/admin/directory/servicepoint/"


@pytest.fixture
def import_run(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = ImportRun(file_name="list.csv", sha256="0" * 64, source="manual", mode="update", crs="wgs84")
    run.file.save("list.csv", ContentFile(b"external_id,name\n"), save=False)
    run.save()
    return run


def test_read_only_staff_see_imports_but_not_the_uploaded_files(read_only, data_admin, import_run):
    download = f"/admin/loaders/importrun/{import_run.pk}/download/"
    assert read_only.get("/admin/loaders/importrun/").status_code == 200
    assert download not in read_only.get("/admin/loaders/importrun/").text
    assert read_only.get(download).status_code == 403
    assert download in data_admin.get("/admin/loaders/importrun/").text
    assert data_admin.get(download).status_code == 200


def test_read_only_staff_do_not_see_reporters_contacts(read_only, education_editor, make_site):
    school = make_site(name="实验小学", organization=Organization.objects.get(code="education"))
    report = ProblemReport.objects.create(site=school, kind="hours", details="周六不开门", contact="13800000000")
    for page in ("/admin/feedback/problemreport/", f"/admin/feedback/problemreport/{report.pk}/change/"):
        assert "周六不开门" in read_only.get(page).text
        assert "13800000000" not in read_only.get(page).text
        assert "13800000000" in education_editor.get(page).text  # the site's own organization acts on it


def test_an_editor_cannot_open_history_of_a_site_that_moved_to_another_organization(education_editor, make_site):
    site = make_site(name="实验小学", organization=Organization.objects.get(code="education"))
    site.name = "实验小学（改名）"
    site.save()
    old_version = site.history.earliest()
    version_url = f"{SITES}{site.pk}/history/{old_version.history_id}/"
    assert education_editor.get(version_url).status_code == 200  # still the editor's site

    ServicePoint.objects.filter(pk=site.pk).update(organization=Organization.objects.get(code="health"))
    assert education_editor.get(f"{SITES}{site.pk}/history/").status_code == 403
    assert education_editor.get(version_url).status_code == 403  # the old version still names education
