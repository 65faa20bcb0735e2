from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resourcemap.needs.loading import NEEDS_FILE, BadNeedsFile, load_needs


class Command(BaseCommand):
    help = "Load the needs vocabulary from data/needs.csv (or FILE): created or updated by code."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", nargs="?", default=str(NEEDS_FILE))

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            counts = load_needs(Path(options["file"]))
        except (BadNeedsFile, OSError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"needs: added {counts['added']}, updated {counts['updated']}")
