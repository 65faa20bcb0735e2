"""The moderation queue: staff read a report, fix the site if it is right, then accept or reject it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from resourcemap.feedback.actions import moderate_reports
from resourcemap.feedback.models import ProblemReport
from resourcemap.staff.roles import may_edit_organization, may_see_contacts, scope_to_user_organizations


class QueueFilter(admin.SimpleListFilter):
    """The queue opens on the reports still waiting for moderation."""

    title = _("status")
    parameter_name = "queue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [*ProblemReport.Status.choices, ("all", _("All"))]

    def choices(self, changelist: Any) -> Any:
        current = self.value() or ProblemReport.Status.PENDING
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[ProblemReport]) -> QuerySet[ProblemReport]:
        value = self.value() or ProblemReport.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "site_link", "kind", "details", "contact", "status"]
    list_filter = [QueueFilter, "kind"]
    search_fields = ["site__name", "details"]
    list_select_related = ["site"]
    readonly_fields = ["site_link", "kind", "details", "contact", "status", "created_at", "moderated_by", "moderated_at"]
    fields = readonly_fields + ["moderator_note"]
    actions = ["accept", "reject"]
    date_hierarchy = "created_at"

    # Reporters' contact details are for those who act on the report (data administrators, the
    # site's organization's editors): read-only staff see the report without them.
    def get_list_display(self, request: HttpRequest) -> list[str]:
        columns = list(super().get_list_display(request))
        return columns if may_see_contacts(request.user) else [c for c in columns if c != "contact"]

    def get_fields(self, request: HttpRequest, obj: ProblemReport | None = None) -> list[str]:
        fields = list(super().get_fields(request, obj))
        return fields if may_see_contacts(request.user) else [f for f in fields if f != "contact"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ProblemReport]:
        return scope_to_user_organizations(super().get_queryset(request), request.user, "site__organization")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from the public form only

    def has_change_permission(self, request: HttpRequest, obj: ProblemReport | None = None) -> bool:
        if obj is not None and not may_edit_organization(request.user, obj.site.organization_id):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("service point"), ordering="site__name")
    def site_link(self, report: ProblemReport) -> str:
        url = reverse("admin:directory_servicepoint_change", args=[report.site_id])
        return format_html('<a href="{}">{}</a>', url, report.site.name)

    @admin.action(description=_("Accept the selected reports (after correcting the site)"), permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[ProblemReport]) -> None:
        self._moderate(request, queryset, ProblemReport.Status.ACCEPTED)

    @admin.action(description=_("Reject the selected reports"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[ProblemReport]) -> None:
        self._moderate(request, queryset, ProblemReport.Status.REJECTED)

    def _moderate(self, request: HttpRequest, queryset: QuerySet[ProblemReport], status: str) -> None:
        allowed = [r.pk for r in queryset.select_related("site") if may_edit_organization(request.user, r.site.organization_id)]
        changed = moderate_reports(ProblemReport.objects.filter(pk__in=allowed), status, request.user)
        self.message_user(
            request,
            ngettext("%(count)d report moderated.", "%(count)d reports moderated.", changed) % {"count": changed},
            messages.SUCCESS,
        )
