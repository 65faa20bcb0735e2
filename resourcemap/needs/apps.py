from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "resourcemap.needs"
    verbose_name = _("Needs vocabulary")

    def ready(self) -> None:
        # Search sits below the needs (it cannot import them): hand it the matcher, so that a
        # need word typed in any search (心理, xinli) also finds the categories meeting it.
        from resourcemap.needs import matching
        from resourcemap.search.need_terms import use_vocabulary

        use_vocabulary(matching)
