"""The plan an import computes before it writes anything, and its JSON form.

A plan is what both doors show the administrator (the command prints it, the admin renders
it) and what `loaders.core.apply` writes. It is plain data so the admin can keep it between
preview and confirm (`Plan.to_json()` / `Plan.from_json()`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any

from django.utils.translation import gettext as _

from loaders.limits import excerpt

MODES = ("update", "full_list")


@dataclass
class Issue:
    """One error or warning: the row as Excel numbers it (header = row 1), the column, the value."""

    row: int | None
    column: str
    value: str
    message: str
    header: str = ""  # the column as the file's header wrote it (主管部门 for organization)

    @property
    def column_as_written(self) -> str:
        return self.header or self.column

    def __post_init__(self) -> None:
        # Reports, previews and stored plans quote the value, never repeat a huge one whole.
        self.value = excerpt(self.value)

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row} if self.row is not None else _("file")
        column = ", " + _("column %(column)s") % {"column": self.column_as_written} if self.column else ""
        value = f" ({self.value!r})" if self.value else ""
        return f"{where}{column}{value}: {self.message}"


@dataclass
class SiteChange:
    """A site the import adds or changes. `fields` maps a changed field to [old, new] (changes only)."""

    row: int
    external_id: str
    name: str
    fields: dict[str, list[Any]] = field(default_factory=dict)
    # What the preview shows for each added or changed row: where it will be and why.
    address: str = ""
    category: str = ""  # code
    precision: str = ""
    lon: float | None = None
    lat: float | None = None
    moved_m: float | None = None  # distance from the stored point (changed sites)
    placed_by: str = ""  # why this point: the file's coordinates, the geocoder or the gazetteer's reason


@dataclass
class RetiredSite:
    external_id: str
    name: str


@dataclass
class Plan:
    """What an import would do, computed against the database state named by `fingerprint`."""

    file_name: str
    sha256: str
    source: str
    mode: str  # "update" or "full_list"
    crs: str
    sheet: str | None = None
    skip_invalid: bool = False
    source_path: str | None = None  # where validate() read the file, when it was a path
    fingerprint: str = ""
    total_rows: int = 0
    blank_rows: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # file header -> canonical column
    unknown_columns: list[str] = field(default_factory=list)
    added: list[SiteChange] = field(default_factory=list)
    changed: list[SiteChange] = field(default_factory=list)
    unchanged: int = 0
    retired: list[RetiredSite] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    open_sites: int = 0  # the source's sites not closed when the plan was computed
    mass_retire_percent: int = 100  # IMPORT_MASS_RETIRE_PERCENT when the plan was computed
    # The records apply() writes (added and changed sites, every column, JSON-friendly).
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def invalid_rows(self) -> int:
        return len({issue.row for issue in self.errors if issue.row is not None})

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def can_apply(self) -> bool:
        """No file-level error, and either no invalid row or the administrator chose to skip them."""
        file_errors = any(issue.row is None for issue in self.errors)
        return not file_errors and (self.is_valid or self.skip_invalid)

    @property
    def retires_too_many(self) -> bool:
        """A full list closing more than the configured share of the source's open sites: more
        likely a cut or wrong file than a real closure, so it needs an explicit second yes."""
        return bool(self.retired) and len(self.retired) * 100 > self.mass_retire_percent * self.open_sites

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.retired)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
            "retired": len(self.retired),
            "invalid": self.invalid_rows,
            "skipped": self.blank_rows + (self.invalid_rows if self.skip_invalid else 0),
        }

    def report(self, limit: int | None = None) -> dict[str, Any]:
        """The plan without the records: what the command's --report file and ImportRun.report hold.

        With `limit`, each list keeps its first `limit` entries and `truncated` says how many
        more there were (ImportRun keeps the file itself, so nothing is lost).
        """
        # Only the kept entries are copied (asdict() of the whole plan copied 100,000 changes
        # and records to keep 2,000 of them).
        data = {name: value for name, value in vars(self).items() if name != "records"}
        data["columns"], data["unknown_columns"] = dict(self.columns), list(self.unknown_columns)
        data["counts"] = self.counts()
        if limit is not None:
            data["truncated"] = {}
        for key in ("added", "changed", "retired", "errors", "warnings"):
            entries = data[key]
            if limit is not None and len(entries) > limit:
                data["truncated"][key] = len(entries) - limit
                entries = entries[:limit]
            data[key] = [asdict(entry) for entry in entries]
        return data

    def to_json(self, records: bool = True) -> str:
        """The plan as JSON; without `records` what a preview needs (the admin keeps the records
        apart, one a line, for the apply: see admin_flow.PendingImport)."""
        kept, self.records = self.records, self.records if records else []
        try:
            return json.dumps(self, default=_fields, ensure_ascii=False)
        finally:
            self.records = kept

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data = json.loads(text)
        data.setdefault("records", [])
        data["added"] = [SiteChange(**item) for item in data["added"]]
        data["changed"] = [SiteChange(**item) for item in data["changed"]]
        data["retired"] = [RetiredSite(**item) for item in data["retired"]]
        data["errors"] = [Issue(**item) for item in data["errors"]]
        data["warnings"] = [Issue(**item) for item in data["warnings"]]
        return cls(**data)


def _fields(value: Any) -> dict[str, Any]:
    """json's fallback for the plan's dataclasses: their own fields, as they are. (asdict() deep-copies
    every record and change first: at 100,000 rows that copy was most of the worker's peak memory.)"""
    if is_dataclass(value) and not isinstance(value, type):
        return vars(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
