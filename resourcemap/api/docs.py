"""Swagger UI served from drf-spectacular-sidecar under the site's CSP (no inline script or style)."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerUIView(SpectacularSwaggerSplitView):
    # The split view loads its init script from this URL (?script); our template drops the
    # stock inline <style> block for a stylesheet served by the app.
    template_name = "api/swagger_ui.html"
