"""What can stop an import as a whole (row-level problems are Issues in the plan instead)."""


class ImportFailed(Exception):
    """Base class: an import that cannot go ahead. The message is for the administrator."""


class UnusableFile(ImportFailed):
    """The file or the arguments cannot be used at all (unreadable, no header, no name column ...)."""


class PlanNotApplicable(ImportFailed):
    """The plan has invalid rows (and skip_invalid is off) or file-level errors."""


class StalePlan(ImportFailed):
    """The sites of this source changed after the plan was computed: validate again, then apply."""


class ImportBusy(ImportFailed):
    """Another import holds the import lock and did not finish within the wait time."""


class MassRetire(ImportFailed):
    """A full list would close more than the configured share of its source's sites, and the
    administrator has not confirmed that (--allow-mass-retire, or the admin's second confirmation)."""
