from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from resourcemap.hsds.tabular import write_package


class Command(BaseCommand):
    help = "Write the public directory as an HSDS 3.0 tabular data package (CSV files + datapackage.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", type=Path, help="Directory to write into (created if missing).")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        counts = write_package(options["outdir"])
        for table, count in counts.items():
            self.stdout.write(f"{table}: {count} rows")
        self.stdout.write(self.style.SUCCESS(f"HSDS data package written to {options['outdir']}"))
