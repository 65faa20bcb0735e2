"""python manage.py load_policies [PATH] — loads laws and articles, then the mapping CSVs.

PATH defaults to data/policy/child_related_laws_articles.json. Re-running changes nothing;
a file with a newer version of a law adds it as the current version and marks the old one
superseded. Like every import (import_sites, load_boundaries): a dry run that prints what
would change unless --commit. Exit status: 0 valid, 1 invalid content (the message names the
row or line and the field), 2 unusable arguments (a file that does not exist).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from resourcemap.policies.datafiles import load_abbreviations, load_category_links, load_keywords
from resourcemap.policies.importer import ImportFileError, import_laws, parse_rows

POLICY_DIR = Path(settings.BASE_DIR) / "data" / "policy"
DEFAULT_SOURCE = "LawRefBook/Laws (https://github.com/LawRefBook/Laws)"


class Command(BaseCommand):
    help = "Load child-related laws and articles (JSON) and the category mapping (CSV) from data/policy/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=POLICY_DIR / "child_related_laws_articles.json")
        parser.add_argument("--source", default=DEFAULT_SOURCE, help="Source recorded for laws without one")
        parser.add_argument("--mapping", type=Path, default=POLICY_DIR / "category_articles.csv")
        parser.add_argument("--abbreviations", type=Path, default=POLICY_DIR / "search_abbreviations.csv")
        parser.add_argument("--keywords", type=Path, default=POLICY_DIR / "article_keywords.csv")
        parser.add_argument("--commit", action="store_true", help="write the changes (default: dry run)")
        parser.add_argument("--dry-run", action="store_true", help="the default; kept for existing scripts")

    def handle(self, *args: object, **options: object) -> None:
        dry_run = not options["commit"] or options["dry_run"]
        for name in ("path", "mapping", "abbreviations", "keywords"):
            if not Path(options[name]).is_file():  # type: ignore[arg-type]
                raise CommandError(f"{options[name]}: no such file", returncode=2)
        try:
            rows = parse_rows(options["path"], options["source"])
            with transaction.atomic():
                laws = import_laws(rows)
                reports = {
                    "abbreviations": load_abbreviations(options["abbreviations"]),
                    "keywords": load_keywords(options["keywords"]),
                    "category mapping": load_category_links(options["mapping"]),
                }
                if dry_run:
                    transaction.set_rollback(True)
        except ImportFileError as exc:
            raise CommandError(f"Import not applied: {exc}", returncode=1) from exc
        prefix = "[dry run] " if dry_run else ""
        self.stdout.write(f"{prefix}{options['path']}: {laws.summary()}")
        for name, report in reports.items():
            self.stdout.write(f"{prefix}{name}: {report.summary()}")
        self.stdout.write("Dry run: nothing written. Add --commit to apply." if dry_run else "Applied.")
