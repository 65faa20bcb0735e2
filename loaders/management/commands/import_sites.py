"""import_sites PATH: a dry run that prints the plan, unless --commit. A thin door on loaders.core.

Exit status: 0 valid file (dry run or applied), 1 invalid rows, 2 unusable file or arguments
(CommandError's returncode; call_command raises the CommandError instead).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from loaders.core import DEFAULT_SOURCE, ImportFailed, ImportParams, MassRetire, Plan, UnusableFile, run
from loaders.plan import SiteChange
from resourcemap.geo.transform import CRS_CHOICES

MAX_LISTED = 50  # issues and changes printed; the --report file has them all


class ProgressPrinter:
    """The core's progress as a bar redrawn in place on a terminal, as plain lines (each step,
    then every 10 %) when the output is a file or a pipe."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.terminal = stream.isatty()
        self.shown: tuple[str, int] | None = None
        self.started = time.monotonic()

    def __call__(self, step: str, done: int, total: int) -> None:
        percent = 100 * done // total if total else 0
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        if self.terminal:
            bar = "#" * (percent // 4)
            line = f"\r{step[:28]:<28} [{bar:<25}] {percent:3d} % {done}/{total} rows {rate:,.0f} rows/s"
            self.stream.write(line, ending="")
            self.stream.flush()
            if done >= total and total:
                self.stream.write("")
            return
        key = (step, percent // 10)
        if key != self.shown:
            self.shown = key
            self.stream.write(f"{step}: {done}/{total} rows ({percent} %)")


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
        parser.add_argument(
            "--allow-mass-retire", action="store_true",
            help="let a full list close more than IMPORT_MASS_RETIRE_PERCENT of the source's open sites",
        )
        parser.add_argument("--report", help="write the whole plan as JSON to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        params = ImportParams(
            source=options["source"], crs=options["crs"], sheet=options["sheet"],
            full_list=options["full_list"], skip_invalid=options["skip_invalid"],
            allow_mass_retire=options["allow_mass_retire"],
        )
        try:
            plan, import_run = run(
                Path(options["path"]), params, commit=options["commit"], progress=ProgressPrinter(self.stdout)
            )
        except UnusableFile as exc:
            raise CommandError(_("Unusable file or arguments: %(reason)s") % {"reason": exc}, returncode=2) from exc
        except MassRetire as exc:
            raise CommandError(
                _("Import not applied: %(reason)s (--allow-mass-retire)") % {"reason": exc}, returncode=2
            ) from exc
        except ImportFailed as exc:
            raise CommandError(_("Import not applied: %(reason)s") % {"reason": exc}, returncode=2) from exc
        self.print_plan(plan)
        if options["report"]:
            Path(options["report"]).write_text(json.dumps(plan.report(), ensure_ascii=False, indent=1), "utf-8")
        if import_run is not None:
            self.stdout.write(_("Applied: import #%(id)s (%(file)s).") % {"id": import_run.pk, "file": import_run.file.name})
        elif options["commit"]:
            self.stdout.write(_("Nothing applied: the file has invalid rows (use --skip-invalid to apply the rest)."))
        else:
            self.stdout.write(_("Dry run: nothing written. Add --commit to apply."))
        if plan.errors:
            raise CommandError(_("%(count)d invalid rows (listed above)") % {"count": plan.invalid_rows}, returncode=1)

    @staticmethod
    def placement(change: SiteChange) -> str:
        """" [road 114.05, 22.54; moved 300 m; road 红荔路, from 3 known point(s) on it]"."""
        if change.lon is None:
            return ""
        parts = [f"{change.precision} {change.lon:.6f}, {change.lat:.6f}"]
        if change.moved_m is not None:
            parts.append(_("moved %(metres)s m") % {"metres": change.moved_m})
        if change.placed_by:
            parts.append(change.placed_by)
        return " [" + "; ".join(parts) + "]"

    def print_plan(self, plan: Plan) -> None:
        write = self.stdout.write
        counts = plan.counts()
        write(_("%(file)s (sha256 %(sha)s), source %(source)s, mode %(mode)s, %(crs)s") % {
            "file": plan.file_name, "sha": plan.sha256[:12], "source": plan.source, "mode": plan.mode, "crs": plan.crs})
        labels = {"added": _("added"), "changed": _("changed"), "unchanged": _("unchanged"), "retired": _("retired"),
                  "invalid": _("invalid"), "skipped": _("skipped")}
        write(", ".join(f"{n} {labels[key]}" for key, n in counts.items()))
        if plan.unknown_columns:
            write(_("Unknown columns (not imported): %(columns)s") % {"columns": ", ".join(plan.unknown_columns)})
        for change in plan.added[:MAX_LISTED]:
            write("  + " + _("row %(row)s") % {"row": change.row} + f": {change.external_id} {change.name}"
                  + self.placement(change))
        for change in plan.changed[:MAX_LISTED]:
            fields = "; ".join(f"{field}: {old!r} -> {new!r}" for field, (old, new) in change.fields.items())
            write("  ~ " + _("row %(row)s") % {"row": change.row} + f": {change.external_id} {change.name}: {fields}"
                  + self.placement(change))
        for retired in plan.retired[:MAX_LISTED]:
            write(f"  - {retired.external_id} {retired.name}: " + _("retired (status closed)"))
        shown = len(plan.added[:MAX_LISTED]) + len(plan.changed[:MAX_LISTED]) + len(plan.retired[:MAX_LISTED])
        if len(plan.added) + len(plan.changed) + len(plan.retired) > shown:
            write("  ... " + _("and %(count)d more (--report FILE.json lists all)") % {
                "count": len(plan.added) + len(plan.changed) + len(plan.retired) - shown})
        if plan.retires_too_many:
            write(_("WARNING: the full list closes %(count)d of the %(open)d open sites of this source (more than "
                    "%(percent)d %%); --commit needs --allow-mass-retire") % {
                "count": len(plan.retired), "open": plan.open_sites, "percent": plan.mass_retire_percent})
        for issue in plan.errors[:MAX_LISTED]:
            write(_("ERROR") + f" {issue}")
        for issue in plan.warnings[:MAX_LISTED]:
            write(_("warning") + f" {issue}")
        if len(plan.errors) > MAX_LISTED or len(plan.warnings) > MAX_LISTED:
            write("... " + _("%(errors)d errors and %(warnings)d warnings in all (--report FILE.json lists all)") % {
                "errors": len(plan.errors), "warnings": len(plan.warnings)})
