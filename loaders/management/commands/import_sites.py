"""import_sites PATH: a dry run that prints the plan, unless --commit. A thin door on loaders.core.

Exit status: 0 valid file (dry run or applied), 1 invalid rows, 2 unusable file or arguments
(CommandError's returncode; call_command raises the CommandError instead).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from loaders.core import DEFAULT_SOURCE, ImportFailed, ImportParams, Plan, UnusableFile, run
from resourcemap.geo.transform import CRS_CHOICES

MAX_LISTED = 50  # issues and changes printed; the --report file has them all


class Command(BaseCommand):
    help = "Import service points from a CSV or XLSX file (dry run unless --commit)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--commit", action="store_true", help="apply the plan (default: dry run)")
        # Checked by the core (exit status 2), not by argparse choices (which call_command reports as 1).
        parser.add_argument("--crs", default="wgs84", help=f"CRS of the lon/lat columns: {', '.join(CRS_CHOICES)}")
        parser.add_argument("--source", default=DEFAULT_SOURCE, help="name of the list; with external_id the key")
        parser.add_argument("--sheet", help="XLSX sheet (default: the first)")
        parser.add_argument("--full-list", action="store_true", help="retire this source's sites missing from the file")
        parser.add_argument("--skip-invalid", action="store_true", help="apply the valid rows despite invalid ones")
        parser.add_argument("--report", help="write the whole plan as JSON to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        params = ImportParams(
            source=options["source"], crs=options["crs"], sheet=options["sheet"],
            full_list=options["full_list"], skip_invalid=options["skip_invalid"],
        )
        try:
            plan, import_run = run(Path(options["path"]), params, commit=options["commit"])
        except UnusableFile as exc:
            raise CommandError(f"Unusable file or arguments: {exc}", returncode=2) from exc
        except ImportFailed as exc:
            raise CommandError(f"Import not applied: {exc}", returncode=2) from exc
        self.print_plan(plan)
        if options["report"]:
            Path(options["report"]).write_text(json.dumps(plan.report(), ensure_ascii=False, indent=1), "utf-8")
        if import_run is not None:
            self.stdout.write(f"Applied: import #{import_run.pk} ({import_run.file.name}).")
        elif options["commit"]:
            self.stdout.write("Nothing applied: the file has invalid rows (use --skip-invalid to apply the rest).")
        else:
            self.stdout.write("Dry run: nothing written. Add --commit to apply.")
        if plan.errors:
            raise CommandError(f"{plan.invalid_rows} invalid rows (listed above)", returncode=1)

    def print_plan(self, plan: Plan) -> None:
        write = self.stdout.write
        counts = plan.counts()
        write(f"{plan.file_name} (sha256 {plan.sha256[:12]}), source {plan.source}, {plan.mode}, {plan.crs}")
        write(", ".join(f"{n} {key}" for key, n in counts.items()))
        if plan.unknown_columns:
            write("Unknown columns (not imported): " + ", ".join(plan.unknown_columns))
        for change in plan.added[:MAX_LISTED]:
            write(f"  + row {change.row}: {change.external_id} {change.name}")
        for change in plan.changed[:MAX_LISTED]:
            fields = "; ".join(f"{field}: {old!r} -> {new!r}" for field, (old, new) in change.fields.items())
            write(f"  ~ row {change.row}: {change.external_id} {change.name}: {fields}")
        for retired in plan.retired[:MAX_LISTED]:
            write(f"  - {retired.external_id} {retired.name}: retired (status closed)")
        shown = len(plan.added[:MAX_LISTED]) + len(plan.changed[:MAX_LISTED]) + len(plan.retired[:MAX_LISTED])
        if len(plan.added) + len(plan.changed) + len(plan.retired) > shown:
            write(f"  ... and {len(plan.added) + len(plan.changed) + len(plan.retired) - shown} more (--report FILE.json lists all)")
        for issue in plan.errors[:MAX_LISTED]:
            write(f"ERROR {issue}")
        for issue in plan.warnings[:MAX_LISTED]:
            write(f"warning {issue}")
        if len(plan.errors) > MAX_LISTED or len(plan.warnings) > MAX_LISTED:
            write(f"... {len(plan.errors)} errors and {len(plan.warnings)} warnings in all (--report FILE.json lists all)")
