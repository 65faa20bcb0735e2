"""The one import core behind both doors (the `import_sites` command and the admin upload).

    plan = validate(path_or_bytes, ImportParams(source="district-office", crs="gcj02"))
    print(plan.counts(), plan.errors)            # dry run: nothing written
    run = apply(plan, user=request.user)         # one transaction, under the import lock

`validate` reads the file (CSV in UTF-8/UTF-8-BOM/GB18030, or XLSX), maps its header,
normalises and checks every row, converts coordinates to WGS-84, locates rows without
coordinates, and compares the result with the database: the Plan. It writes nothing.

`apply` writes a Plan set-based (COPY into a staging table, then one upsert and one retire
statement, with their history rows) in ONE transaction under a PostgreSQL advisory lock, and
records an ImportRun with the stored file. A second import waits for the lock; if the sites
of the plan's source changed since the plan was computed it raises StalePlan and the door
validates again (`run` does that itself).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from django.utils.translation import gettext as _

from loaders.errors import ImportBusy, ImportFailed, MassRetire, PlanNotApplicable, StalePlan, UnusableFile
from loaders.plan import Plan
from resourcemap.geo.transform import CRS_CHOICES

if TYPE_CHECKING:
    from loaders.models import ImportRun

__all__ = [
    "DEFAULT_SOURCE",
    "ImportBusy",
    "ImportFailed",
    "ImportParams",
    "MassRetire",
    "Plan",
    "PlanNotApplicable",
    "StalePlan",
    "UnusableFile",
    "apply",
    "check_mass_retire",
    "run",
    "validate",
]

DEFAULT_SOURCE = "manual"
DEFAULT_WAIT_SECONDS = 600.0

FileInput = Path | str | bytes | BinaryIO
Progress = Callable[[str, int, int], None]  # (step, rows done, rows in all): the progress bars


@dataclass(frozen=True)
class ImportParams:
    """What the administrator chose. `source` names the list: (source, external_id) is a site's key."""

    source: str = DEFAULT_SOURCE
    crs: str = "wgs84"  # the CRS of the file's lon/lat: wgs84, gcj02 (AMap, Tencent) or bd09 (Baidu)
    sheet: str | None = None  # XLSX sheet name; the first sheet when None
    full_list: bool = False  # the file lists every site of the source: retire the missing ones
    skip_invalid: bool = False  # apply the valid rows even when some rows are invalid
    geocode: bool = True  # locate rows without coordinates (geocoder, then named areas)
    allow_mass_retire: bool = False  # a full list may close more than IMPORT_MASS_RETIRE_PERCENT

    def check(self) -> None:
        if self.crs not in CRS_CHOICES:
            raise UnusableFile(
                _("unknown CRS “%(crs)s”: use one of %(choices)s") % {"crs": self.crs, "choices": ", ".join(CRS_CHOICES)}
            )
        if not self.source or len(self.source) > 64:
            raise UnusableFile(_("the source name must be 1 to 64 characters"))
        if self.full_list and self.skip_invalid:
            # A full list with skipped rows would retire the sites those rows describe.
            raise UnusableFile(_("--full-list cannot be combined with --skip-invalid"))


def read_input(file: FileInput, file_name: str | None = None) -> tuple[bytes, str, str | None]:
    """(content, file name, path) of a path, bytes or an open binary file (e.g. an upload)."""
    if isinstance(file, (str, Path)):
        path = Path(file)
        try:
            return path.read_bytes(), file_name or path.name, str(path.resolve())
        except OSError as exc:
            raise UnusableFile(
                _("cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}
            ) from exc
    if isinstance(file, bytes):
        return file, file_name or "upload", None
    content = file.read()
    return content, file_name or Path(getattr(file, "name", "") or "upload").name, None


def validate(
    file: FileInput, params: ImportParams, *, file_name: str | None = None, progress: Progress | None = None
) -> Plan:
    """Reads and checks the file and compares it with the database. Writes nothing.

    Raises UnusableFile when the file or the parameters cannot be used at all; row-level
    problems are `plan.errors` / `plan.warnings` (row numbers as Excel shows them).
    """
    from loaders.validate import build_plan

    params.check()
    content, name, path = read_input(file, file_name)
    plan = Plan(
        file_name=name,
        sha256=hashlib.sha256(content).hexdigest(),
        source=params.source,
        mode="full_list" if params.full_list else "update",
        crs=params.crs,
        sheet=params.sheet,
        skip_invalid=params.skip_invalid,
        source_path=path,
    )
    return build_plan(plan, content, params, progress)


def apply(
    plan: Plan, user: Any = None, *, content: bytes | None = None, wait_seconds: float = DEFAULT_WAIT_SECONDS,
    allow_mass_retire: bool = False, progress: Progress | None = None,
) -> ImportRun:
    """Writes the plan in one transaction under the import lock and records the ImportRun.

    `content` is the imported file (stored under MEDIA_ROOT/imports/ for download); when
    omitted it is read from `plan.source_path`. Its SHA-256 must match the plan's.
    Raises PlanNotApplicable (invalid rows without skip_invalid), ImportBusy (the lock was
    not free within `wait_seconds`), StalePlan (the source's sites changed since validate:
    validate again), UnusableFile (no file content to store), MassRetire (the plan closes more
    than IMPORT_MASS_RETIRE_PERCENT of the source's open sites and `allow_mass_retire` is off).
    """
    from loaders.apply import apply_plan

    check_mass_retire(plan, allow_mass_retire)
    return apply_plan(plan, user=user, content=content, wait_seconds=wait_seconds, progress=progress)


def check_mass_retire(plan: Plan, allowed: bool) -> None:
    """Raises MassRetire when the plan closes more than its share of the source's open sites
    and the administrator has not confirmed that explicitly."""
    if plan.retires_too_many and not allowed:
        raise MassRetire(
            _("the full list would close %(count)d of the %(open)d open sites of source %(source)s, more than "
              "%(percent)d %%: if the file is complete and that is right, confirm it explicitly")
            % {"count": len(plan.retired), "open": plan.open_sites, "source": plan.source,
               "percent": plan.mass_retire_percent}
        )


def run(
    file: FileInput,
    params: ImportParams,
    *,
    commit: bool = False,
    user: Any = None,
    file_name: str | None = None,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
    progress: Progress | None = None,
) -> tuple[Plan, ImportRun | None]:
    """validate(), then (with commit, when the plan can be applied) apply().

    If another import changed the source while this one waited for the lock, the file is
    validated again against the new state before it is applied (once; a second change in
    that window raises StalePlan).
    """
    content, name, path = read_input(file, file_name)
    plan = validate(content, params, file_name=name, progress=progress)
    plan.source_path = path
    if not commit or not plan.can_apply:
        return plan, None
    try:
        return plan, apply(
            plan, user, content=content, wait_seconds=wait_seconds, allow_mass_retire=params.allow_mass_retire,
            progress=progress,
        )
    except StalePlan:
        plan = validate(content, params, file_name=name)
        plan.source_path = path
        if not plan.can_apply:
            return plan, None
        return plan, apply(
            plan, user, content=content, wait_seconds=wait_seconds, allow_mass_retire=params.allow_mass_retire
        )
