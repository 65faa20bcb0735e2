from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import JavaScriptCatalog, set_language

from resourcemap.availability.health import healthz
from resourcemap.staff.two_factor import require_totp

# Machine-facing URLs have no language prefix; pages for people are under i18n_patterns
# with the default language (zh-hans) unprefixed.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Exempt from CSRF so that every page can carry the language buttons without a per-visitor
    # token (pages are cached and shared): a forged language switch changes nothing but the
    # language of the page the visitor is sent to.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", include("resourcemap.api.urls")),
    path("api/hsds/", include("resourcemap.hsds.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("referral/", include("resourcemap.referral.urls")),
    path("policies/", include("resourcemap.policies.urls")),
    path("feedback/", include("resourcemap.feedback.urls")),
    path("here/", include("resourcemap.responsible.urls")),
    path("coverage/", include("resourcemap.responsible.coverage_urls")),
    path("", include("resourcemap.public.urls")),
    prefix_default_language=False,
)
# MEDIA_ROOT holds uploaded import files: never served directly (the admin's import history
# streams them to data administrators only).

# Error pages in the request's language with the hotline (resourcemap/errors.py).
handler400 = "resourcemap.errors.bad_request"
handler403 = "resourcemap.errors.permission_denied"
handler404 = "resourcemap.errors.page_not_found"
handler500 = "resourcemap.errors.server_error"

if settings.STAFF_TOTP_REQUIRED:
    require_totp(admin.site)
