"""load_boundaries: districts, streets and communities from data/boundaries/ (idempotent).

Like every import (import_sites, load_policies): a dry run that prints what it would load
unless --commit. Exit status: 0 loaded or dry run, 1 invalid content, 2 a missing folder or file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from resourcemap.directory.boundaries import load_boundaries

FILES = ("districts.geojson", "streets.geojson", "communities.csv")


class Command(BaseCommand):
    help = "Load districts, streets and communities from data/boundaries/ (dry run unless --commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", default=str(Path(settings.BASE_DIR) / "data" / "boundaries"))
        parser.add_argument("--commit", action="store_true", help="write them (default: dry run)")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        for name in FILES:
            if not (folder / name).is_file():
                raise CommandError(f"{folder / name}: no such file", returncode=2)
        try:
            with transaction.atomic():
                counts = load_boundaries(folder)
                if not options["commit"]:
                    transaction.set_rollback(True)
        except (KeyError, ValueError, TypeError, json.JSONDecodeError) as exc:
            raise CommandError(f"Import not applied: invalid boundary data: {exc!r}", returncode=1) from exc
        prefix = "" if options["commit"] else "[dry run] "
        self.stdout.write(prefix + ", ".join(f"{n} {k}" for k, n in counts.items()))
        self.stdout.write("Applied." if options["commit"] else "Dry run: nothing written. Add --commit to apply.")
