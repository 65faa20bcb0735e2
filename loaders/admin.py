"""Imports in the admin: the history of applied imports, and the upload -> preview ->
confirm -> result door on loaders.core (see admin_flow)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from loaders import admin_flow, jobs
from loaders.core import ImportBusy, ImportFailed, MassRetire, Plan, UnusableFile
from loaders.models import ImportJob, ImportRun

PREVIEW_LIMIT = 1000  # entries per list on the preview page


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "created_at", "user", "file_name", "sha256", "source", "mode", "added", "changed", "unchanged",
        "retired", "invalid", "skipped", "download_link",
    ]
    list_filter = ["mode", "source", "user"]
    search_fields = ["file_name", "sha256", "source"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    exclude = ["report", "file"]
    readonly_fields = ["download_link"]

    # The history is a record: nobody edits or deletes it. Adding means importing a file.
    def has_change_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ImportRun | None = None) -> bool:
        return False

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        return HttpResponseRedirect(reverse("admin:loaders_importrun_upload"))

    def get_list_display(self, request: HttpRequest) -> list[str]:
        # Uploaded files are for those who import: read-only staff see the record, not the file.
        columns = list(super().get_list_display(request))
        return columns if self.has_add_permission(request) else [c for c in columns if c != "download_link"]

    @admin.display(description=_("uploaded file"))
    def download_link(self, run: ImportRun) -> str:
        if not run.file:
            return "—"
        url = reverse("admin:loaders_importrun_download", args=[run.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download"))

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="loaders_importrun_upload"),
            path("preview/<str:token>/", wrap(self.preview_view), name="loaders_importrun_preview"),
            path("preview/<str:token>/confirm/", wrap(self.confirm_view), name="loaders_importrun_confirm"),
            path("preview/<str:token>/cancel/", wrap(self.cancel_view), name="loaders_importrun_cancel"),
            path("<int:pk>/result/", wrap(self.result_view), name="loaders_importrun_result"),
            path("<int:pk>/download/", wrap(self.download_view), name="loaders_importrun_download"),
            path("job/<int:pk>/", wrap(self.job_view), name="loaders_importrun_job"),
            path("job/<int:pk>/progress/", wrap(self.job_progress_view), name="loaders_importrun_job_progress"),
            path("lock/break/", wrap(self.break_lock_view), name="loaders_importrun_break_lock"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "opts": self.opts, "title": title, **extra}

    def _require_import_permission(self, request: HttpRequest) -> None:
        if not self.has_add_permission(request):
            raise PermissionDenied

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        self._require_import_permission(request)
        form = admin_flow.ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                pending, job = admin_flow.start_import(request, form)
            except UnusableFile as exc:
                form.add_error("file", str(exc))
            else:
                if job is not None:
                    return HttpResponseRedirect(reverse("admin:loaders_importrun_job", args=[job.pk]))
                return HttpResponseRedirect(reverse("admin:loaders_importrun_preview", args=[pending.token]))
        context = self._context(request, gettext("Import service points"), form=form, media=self.media + form.media)
        return TemplateResponse(request, "admin/loaders/importrun/upload.html", context)

    def preview_view(self, request: HttpRequest, token: str) -> HttpResponse:
        self._require_import_permission(request)
        pending = admin_flow.pending_import(request, token)
        if not pending.has_plan:  # still being checked by the worker, or the check failed
            job = ImportJob.objects.filter(token=token, kind="validate").first()
            if job is None:
                raise Http404("no such pending import")
            return HttpResponseRedirect(reverse("admin:loaders_importrun_job", args=[job.pk]))
        return self._render_preview(request, pending.token, pending.plan)

    def _render_preview(self, request: HttpRequest, token: str, plan: Plan) -> HttpResponse:
        # A 100,000-row plan would make a page of tens of MB: each list shows its first entries
        # and says how many more there are (the command's --report lists every one).
        shown = {name: getattr(plan, name)[:PREVIEW_LIMIT] for name in ("added", "changed", "retired", "errors", "warnings")}
        hidden = {name: len(getattr(plan, name)) - len(entries) for name, entries in shown.items()}
        context = self._context(
            request, gettext("Preview of the import"), plan=plan, token=token, counts=plan.counts(),
            file_errors=[issue for issue in plan.errors if issue.row is None], shown=shown, hidden=hidden,
            preview_limit=PREVIEW_LIMIT,
        )
        return TemplateResponse(request, "admin/loaders/importrun/preview.html", context)

    @method_decorator(require_POST)
    def confirm_view(self, request: HttpRequest, token: str) -> HttpResponse:
        self._require_import_permission(request)
        pending = admin_flow.pending_import(request, token)
        try:
            outcome = admin_flow.confirm_import(request, pending)
        except ImportBusy:
            messages.warning(request, gettext("Another import is running. Please confirm again in a minute."))
            return HttpResponseRedirect(reverse("admin:loaders_importrun_preview", args=[token]))
        except MassRetire as exc:
            messages.error(request, gettext(
                "Not applied: %(reason)s. Type the number of sites it closes to confirm."
            ) % {"reason": exc})
            return HttpResponseRedirect(reverse("admin:loaders_importrun_preview", args=[token]))
        except ImportFailed as exc:
            messages.error(request, gettext("The import was not applied: %(reason)s") % {"reason": exc})
            return HttpResponseRedirect(reverse("admin:loaders_importrun_preview", args=[token]))
        if isinstance(outcome, ImportJob):
            return HttpResponseRedirect(reverse("admin:loaders_importrun_job", args=[outcome.pk]))
        if isinstance(outcome, Plan):
            messages.warning(request, gettext(
                "The sites changed since the preview, so the file was checked again. "
                "Please review this new preview and confirm again."
            ))
            return HttpResponseRedirect(reverse("admin:loaders_importrun_preview", args=[token]))
        return HttpResponseRedirect(reverse("admin:loaders_importrun_result", args=[outcome.pk]))

    @method_decorator(require_POST)
    def cancel_view(self, request: HttpRequest, token: str) -> HttpResponse:
        self._require_import_permission(request)
        admin_flow.finish(request, admin_flow.pending_import(request, token))
        messages.info(request, gettext("The import was cancelled; nothing was changed."))
        return HttpResponseRedirect(reverse("admin:loaders_importrun_changelist"))

    def result_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        context = self._context(request, gettext("Import applied"), run=run, report=run.report)
        return TemplateResponse(request, "admin/loaders/importrun/result.html", context)

    def download_view(self, request: HttpRequest, pk: int) -> FileResponse:
        self._require_import_permission(request)
        run = get_object_or_404(ImportRun, pk=pk)
        if not run.file:
            raise Http404("this import kept no file")
        return FileResponse(run.file.open("rb"), as_attachment=True, filename=run.file_name)

    # --- Background jobs (loaders.jobs): a progress page that polls the job, and the stale lock.

    def _job(self, request: HttpRequest, pk: int) -> ImportJob:
        self._require_import_permission(request)
        job = get_object_or_404(ImportJob, pk=pk)
        if job.user_id != request.user.pk and not request.user.is_superuser:
            raise Http404("no such import job")
        return job

    def job_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = self._job(request, pk)
        if job.status == "done":
            if job.kind == "validate":
                return HttpResponseRedirect(reverse("admin:loaders_importrun_preview", args=[job.token]))
            admin_flow.forget_token(request, job.token)
            return HttpResponseRedirect(reverse("admin:loaders_importrun_result", args=[job.import_run_id]))
        title = gettext("Checking the file") if job.kind == "validate" else gettext("Applying the import")
        context = self._context(
            request, title, job=job, progress=jobs.progress_of(job),
            progress_url=reverse("admin:loaders_importrun_job_progress", args=[job.pk]),
            done_url=reverse("admin:loaders_importrun_job", args=[job.pk]),
        )
        return TemplateResponse(request, "admin/loaders/importrun/job.html", context)

    def job_progress_view(self, request: HttpRequest, pk: int) -> JsonResponse:
        return JsonResponse(jobs.progress_of(self._job(request, pk)))

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        extra = {"stale_lock": jobs.stale_lock() if self.has_add_permission(request) else None,
                 "lock_limit_minutes": settings.IMPORT_LOCK_MAX_MINUTES}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    @method_decorator(require_POST)
    def break_lock_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_superuser:
            raise PermissionDenied
        try:
            pid = int(request.POST.get("pid", ""))
        except ValueError:
            pid = -1
        if jobs.break_lock(pid):
            messages.success(request, gettext("The import lock was broken: its import was rolled back."))
        else:
            messages.warning(request, gettext("That lock is no longer held, or not for too long: nothing was done."))
        return HttpResponseRedirect(reverse("admin:loaders_importrun_changelist"))
