from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resourcemap.availability.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Writes a consistent backup into a new directory: database.dump (pg_dump, custom format), "
        "media.tar.gz (uploaded files) and manifest.json (row counts and checksums to verify a restore)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a directory that does not exist yet")

    def handle(self, *args: object, directory: Path, **options: object) -> None:
        if directory.exists():
            raise CommandError(f"{directory} already exists: a backup goes into a new directory")
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        sites = manifest["row_counts"].get("directory_servicepoint", 0)
        self.stdout.write(f"backup written to {directory}: {sites} sites, "
                          f"{len(manifest['row_counts'])} tables, sites checksum {manifest['checksums']['sites']}")
