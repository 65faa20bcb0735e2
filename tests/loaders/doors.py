"""The two doors of the import core, driven the same way so one scenario list runs through both."""

from __future__ import annotations

import json
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError

from loaders import core


@dataclass
class Outcome:
    exit_code: int
    report: dict[str, Any] | None  # the plan's report (None when the file was unusable)
    output: str = ""

    def issues(self, kind: str) -> list[tuple[int | None, str, str]]:
        return [(i["row"], i["column"], i["message"]) for i in (self.report or {}).get(kind, [])]

    def has(self, kind: str, row: int | None, column: str, fragment: str | tuple[str, ...]) -> bool:
        """An issue at this row and column whose message contains the fragment (in any of its languages)."""
        fragments = (fragment,) if isinstance(fragment, str) else fragment
        return any(
            r == row and c == column and any(f in m for f in fragments) for r, c, m in self.issues(kind)
        )


def command_door(path: Path, *, commit: bool = False, **options: Any) -> Outcome:
    """python manage.py import_sites PATH [--commit] [--crs ...] ... (in process)."""
    report_file = path.with_suffix(".report.json")
    report_file.unlink(missing_ok=True)
    args = [str(path), "--report", str(report_file)]
    if commit:
        args.append("--commit")
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value not in (None, False):
            args += [flag, str(value)]
    out = StringIO()
    try:
        call_command("import_sites", *args, stdout=out, stderr=out)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        out.write(str(exc))
    report = json.loads(report_file.read_text("utf-8")) if report_file.exists() else None
    return Outcome(code, report, out.getvalue())


def core_door(path: Path, *, commit: bool = False, **options: Any) -> Outcome:
    """loaders.core.run (what the admin upload calls)."""
    try:
        plan, _ = core.run(path, core.ImportParams(**options), commit=commit)
    except core.UnusableFile as exc:
        return Outcome(2, None, str(exc))
    return Outcome(1 if plan.errors else 0, plan.report())


DOORS = [command_door, core_door]
