from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resourcemap.availability.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restores a backup written by backup_site into DATABASE_URL's database and MEDIA_ROOT, "
        "replacing their content, then verifies row counts and checksums against its manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--yes", action="store_true", help="confirm: the database's content is replaced")

    def handle(self, *args: object, directory: Path, yes: bool, **options: object) -> None:
        if not yes:
            raise CommandError("restore replaces the database's content: add --yes to confirm")
        try:
            restored = restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored from {directory} and verified: {restored['row_counts'].get('directory_servicepoint', 0)} "
            f"sites, {len(restored['row_counts'])} tables, checksums match the manifest"
        )
