"""The admin door on loaders.core: upload -> preview -> confirm -> result.

Between preview and confirm the uploaded file and the previewed Plan stay on the server
(MEDIA_ROOT/imports-pending/<token>/), reachable only from the session that uploaded them:
the browser posts back nothing but the token, so confirm applies exactly the plan that was
shown. If the sites changed in between, core.apply raises StalePlan and the file is
validated again; the new plan replaces the old one and is shown as a new preview.
"""

from __future__ import annotations

import json
import secrets
import shutil
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from loaders import jobs
from loaders.core import (
    DEFAULT_SOURCE,
    ImportBusy,
    ImportParams,
    Plan,
    StalePlan,
    apply,
    check_mass_retire,
    validate,
)
from loaders.models import ImportJob, ImportRun

SESSION_KEY = "loaders_pending_imports"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
ALLOWED_SUFFIXES = (".csv", ".xlsx")
CRS_LABELS = [
    ("wgs84", _("WGS-84 (GPS, OpenStreetMap, Tianditu)")),
    ("gcj02", _("GCJ-02 (AMap / Gaode, Tencent)")),
    ("bd09", _("BD-09 (Baidu)")),
]
MODE_LABELS = [
    ("update", _("Update: add and change the sites in the file, leave the others")),
    ("full_list", _("Full list: the file lists every site of this source; close the sites it no longer lists")),
]


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    source = forms.SlugField(
        label=_("Source"), max_length=64, initial=DEFAULT_SOURCE,
        help_text=_("The name of this list, e.g. district-civil-affairs. Each site is identified by source and id."),
    )
    crs = forms.ChoiceField(label=_("Coordinates in the file"), choices=CRS_LABELS, initial="wgs84")
    mode = forms.ChoiceField(label=_("Mode"), choices=MODE_LABELS, initial="update", widget=forms.RadioSelect)
    skip_invalid = forms.BooleanField(
        label=_("Apply the valid rows even if some rows are invalid"), required=False,
        help_text=_("Not possible with a full list, which would close the sites of the invalid rows."),
    )
    sheet = forms.CharField(label=_("Sheet (XLSX only)"), required=False, max_length=100)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."), code="suffix")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."), code="size")
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("mode") == "full_list" and cleaned.get("skip_invalid"):
            self.add_error("skip_invalid", _("A full list cannot skip invalid rows."))
        return cleaned

    def params(self) -> ImportParams:
        data = self.cleaned_data
        return ImportParams(
            source=data["source"], crs=data["crs"], sheet=data["sheet"] or None,
            full_list=data["mode"] == "full_list", skip_invalid=data["skip_invalid"],
        )


@dataclass
class PendingImport:
    token: str
    directory: Path

    @property
    def content(self) -> bytes:
        return (self.directory / "upload").read_bytes()

    @property
    def file_name(self) -> str:
        path = self.directory / "name.txt"
        return path.read_text("utf-8") if path.is_file() else "upload"

    @property
    def has_plan(self) -> bool:
        return (self.directory / "plan.json").is_file()

    @property
    def params(self) -> ImportParams:
        return ImportParams(**json.loads((self.directory / "params.json").read_text("utf-8")))

    @property
    def plan(self) -> Plan:
        """The plan as previewed, without its records (the preview and the confirm need none)."""
        return Plan.from_json((self.directory / "plan.json").read_text("utf-8"))

    def plan_to_apply(self) -> Plan:
        """The plan with the records apply() writes, read one line at a time (no second copy
        of a 100,000-row plan as one JSON text)."""
        plan = self.plan
        records = self.directory / "records.jsonl"
        if not records.is_file():  # stored before the records were kept apart: they are in plan.json
            return plan
        with open(records, encoding="utf-8") as lines:
            plan.records = [_compact_record(json.loads(line)) for line in lines]
        return plan

    def store_plan(self, plan: Plan) -> None:
        (self.directory / "plan.json").write_text(plan.to_json(records=False), "utf-8")
        with open(self.directory / "records.jsonl", "w", encoding="utf-8") as lines:
            for record in plan.records:
                lines.write(json.dumps(record, ensure_ascii=False) + "\n")

    def discard(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def _compact_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record as apply() needs it, in less memory: one shared string per field name (each
    parsed line has its own) and the opening hours as the JSON text COPY writes (a week of
    intervals as dicts is 4 KB a site)."""
    compact = {sys.intern(name): value for name, value in record.items()}
    if not isinstance(compact.get("opening_hours"), str):
        compact["opening_hours"] = json.dumps(compact.get("opening_hours") or [], ensure_ascii=False)
    return compact


def pending_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports-pending"


def runs_in_background(size: int) -> bool:
    """Large files are checked and applied by the task queue's worker (loaders.jobs)."""
    return size >= settings.IMPORT_BACKGROUND_FROM_BYTES


def start_import(request: HttpRequest, form: ImportUploadForm) -> tuple[PendingImport, ImportJob | None]:
    """Keeps the uploaded file for preview and confirm, and checks it (writing nothing to the
    sites): here for a small file, in the worker for a large one (the job is returned).

    Raises UnusableFile when a small file cannot be used at all (a large one's job says so).
    """
    upload = form.cleaned_data["file"]
    content = upload.read()
    params = form.params()
    name = Path(upload.name).name
    background = runs_in_background(len(content))
    plan = None if background else validate(content, params, file_name=name)
    token = secrets.token_urlsafe(24)
    pending = PendingImport(token, pending_root() / token)
    pending.directory.mkdir(parents=True)
    (pending.directory / "upload").write_bytes(content)
    (pending.directory / "name.txt").write_text(name, "utf-8")
    (pending.directory / "params.json").write_text(json.dumps(asdict(params)), "utf-8")
    tokens = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = [*tokens[-9:], token]
    if plan is not None:
        pending.store_plan(plan)
        return pending, None
    job = ImportJob.objects.create(user=request.user, kind="validate", token=token)
    return pending, jobs.enqueue(job)


def pending_import(request: HttpRequest, token: str) -> PendingImport:
    """The session's pending import with this token (404 for another session's or a finished one)."""
    if token not in request.session.get(SESSION_KEY, []):
        raise Http404("no such pending import")
    pending = PendingImport(token, pending_root() / token)
    if not (pending.directory / "upload").is_file():
        raise Http404("no such pending import")
    return pending


def finish(request: HttpRequest, pending: PendingImport) -> None:
    pending.discard()
    forget_token(request, pending.token)


def forget_token(request: HttpRequest, token: str) -> None:
    request.session[SESSION_KEY] = [t for t in request.session.get(SESSION_KEY, []) if t != token]


def mass_retire_confirmed(request: HttpRequest, plan: Plan) -> bool:
    """The second confirmation of a full list that closes too many sites: the administrator
    typed the number of sites it closes (a checkbox is clicked without reading)."""
    return request.POST.get("retire_count", "").strip() == str(len(plan.retired))


def confirm_import(request: HttpRequest, pending: PendingImport) -> ImportRun | Plan | ImportJob:
    """Applies the previewed plan: here for a small file, else as a job for the worker (returned).
    Returns the ImportRun, or — when the sites changed since the preview — the new plan
    (already stored for the next confirm) instead.

    Raises ImportBusy at once when another import is running or queued, MassRetire when the
    plan closes too many sites and the number was not typed."""
    plan = pending.plan
    allow_mass_retire = mass_retire_confirmed(request, plan)
    check_mass_retire(plan, allow_mass_retire)
    if jobs.another_import_running(except_token=pending.token):
        raise ImportBusy(gettext("another import is running; try again when it has finished"))
    content = pending.content
    if runs_in_background(len(content)):
        job = ImportJob.objects.create(
            user=request.user, kind="apply", token=pending.token, allow_mass_retire=allow_mass_retire
        )
        return jobs.enqueue(job)
    plan = pending.plan_to_apply()
    try:
        import_run = apply(plan, request.user, content=content, allow_mass_retire=allow_mass_retire, wait_seconds=0)
    except StalePlan:
        new_plan = validate(content, pending.params, file_name=plan.file_name)
        pending.store_plan(new_plan)
        return new_plan
    finish(request, pending)
    return import_run
