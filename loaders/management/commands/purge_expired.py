"""purge_expired: what the retention job (every half hour on the task queue) deletes, now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from loaders.retention import purge_expired


class Command(BaseCommand):
    help = "Delete expired pending imports, orphaned import files and old reporters' contact details."

    def handle(self, *args: Any, **options: Any) -> None:
        for what, count in purge_expired().items():
            self.stdout.write(f"{what}: {count} deleted")
