"""Recomputes every site's search columns: after a change to the search code (normalisation,
pinyin, abbreviations) or a write that bypassed directory/actions.py."""

from typing import Any

from django.core.management.base import BaseCommand

from resourcemap.directory.actions import reindex_sites


class Command(BaseCommand):
    help = "Recompute the search columns of every service point (or of the given ids)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="only these service point ids")

    def handle(self, *args: Any, **options: Any) -> None:
        count = reindex_sites(options["ids"] or None)
        self.stdout.write(f"Reindexed {count} service points.")
