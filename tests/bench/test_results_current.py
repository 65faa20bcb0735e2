"""bench/RESULTS.md stays current: it names a commit close behind HEAD, and the README shows it.

The rule (issue 18): the commit RESULTS.md measured is an ancestor of HEAD with at most
MAX_COMMITS_BEHIND commits touching the measured code (resourcemap/, loaders/, bench/) since.
Anyone can satisfy it the same way: `make bench`, then commit bench/RESULTS.md and README.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import readme_table  # noqa: E402
from run_all import MEASURED_PATHS  # noqa: E402

MAX_COMMITS_BEHIND = 20
RESULTS = ROOT / "bench" / "RESULTS.md"
FIX = "run `make bench` and commit bench/RESULTS.md and README.md"


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def results() -> str:
    return RESULTS.read_text(encoding="utf-8")


def test_it_names_a_recent_ancestor_of_head(results: str) -> None:
    found = re.search(r"^Commit: ([0-9a-f]{40})$", results, re.MULTILINE)
    assert found, f"RESULTS.md names no commit, or the measured code had uncommitted changes: {FIX}"
    commit = found.group(1)
    if git("rev-parse", "--git-dir").returncode != 0:
        pytest.fail("not a git checkout: the currency of RESULTS.md cannot be checked")
    assert git("merge-base", "--is-ancestor", commit, "HEAD").returncode == 0, (
        f"RESULTS.md measured {commit[:12]}, which is not an ancestor of HEAD: {FIX}"
    )
    behind = git("rev-list", "--count", f"{commit}..HEAD", "--", *MEASURED_PATHS).stdout.strip()
    assert int(behind) <= MAX_COMMITS_BEHIND, (
        f"RESULTS.md measured {commit[:12]}, {behind} commits to {', '.join(MEASURED_PATHS)} ago "
        f"(at most {MAX_COMMITS_BEHIND}): {FIX}"
    )


def test_it_records_every_benchmark(results: str) -> None:
    """Every bench/bench_*.py has its section. A failed one is recorded as such (`make bench` exits
    non-zero and the README table shows it): the record is honest, not necessarily green."""
    recorded = re.findall(r"^## (bench_\w+)\n\n(ok|FAILED)", results, re.MULTILINE)
    scripts = sorted(path.stem for path in (ROOT / "bench").glob("bench_*.py"))
    assert sorted(name for name, _ in recorded) == scripts, f"RESULTS.md does not cover every benchmark: {FIX}"


def test_the_readme_table_is_generated_from_it(results: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme == readme_table.with_table(readme, results), (
        "README.md's benchmark table is not what bench/readme_table.py makes of RESULTS.md: run it"
    )
    assert "| bench_import | one go / (plain COPY + validate)" in readme_table.table(results)
