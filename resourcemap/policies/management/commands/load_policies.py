"""python manage.py load_policies [PATH] — loads laws and articles, then the mapping CSVs.

PATH defaults to data/policy/child_related_laws_articles.json. Re-running changes nothing;
a file with a newer version of a law adds it as the current version and marks the old one
superseded. --dry-run reports what would change and writes nothing.
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
        parser.add_argument("--dry-run", action="store_true", help="Report the changes without writing them")

    def handle(self, *args: object, **options: object) -> None:
        try:
            rows = parse_rows(options["path"], options["source"])
            with transaction.atomic():
                laws = import_laws(rows)
                reports = {
                    "abbreviations": load_abbreviations(options["abbreviations"]),
                    "keywords": load_keywords(options["keywords"]),
                    "category mapping": load_category_links(options["mapping"]),
                }
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        prefix = "[dry run] " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}{options['path']}: {laws.summary()}")
        for name, report in reports.items():
            self.stdout.write(f"{prefix}{name}: {report.summary()}")
