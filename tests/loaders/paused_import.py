"""`manage.py import_sites ...` that, when LOADERS_TEST_PAUSE_IN_TRANSACTION is set, sleeps that
many seconds inside the import transaction after the sites are written, so a test can kill
the process mid-commit or start a second import against the held lock.

Test-only: run as `python tests/loaders/paused_import.py import_sites FILE --commit ...`; the
pause wraps loaders.apply here, so production code carries no test hook.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

PAUSE_ENV = "LOADERS_TEST_PAUSE_IN_TRANSACTION"


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "resourcemap.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from loaders import apply

    pause = float(os.environ.get(PAUSE_ENV, "0") or 0)
    write_sites = apply._write_sites

    def write_then_pause(*args: Any, **kwargs: Any) -> None:
        write_sites(*args, **kwargs)
        sys.stderr.write("import: paused inside the transaction\n")
        sys.stderr.flush()
        time.sleep(pause)

    if pause > 0:
        apply._write_sites = write_then_pause
    execute_from_command_line(["manage.py", *sys.argv[1:]])


if __name__ == "__main__":
    main()
