from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from resourcemap.directory.boundaries import load_boundaries


class Command(BaseCommand):
    help = "Load districts, streets and communities from data/boundaries/ (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--folder", default=str(Path(settings.BASE_DIR) / "data" / "boundaries"))

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        counts = load_boundaries(Path(options["folder"]))
        self.stdout.write(", ".join(f"{n} {k}" for k, n in counts.items()))
