"""One process for what `make setup` does to the database, since each manage.py start costs
about a second: migrate, create the cache table, and (with --load) load data/ into an empty
database. A set-up checkout thus reaches a serving map in a few seconds."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, create the cache table and, with --load, load data/ into an empty database."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--load", action="store_true", help="also run load_initial_data")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if options["load"]:
            call_command("load_initial_data", stdout=self.stdout)
