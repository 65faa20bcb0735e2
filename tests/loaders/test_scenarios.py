"""Every scenario of scenarios.py through both doors: the import_sites command and loaders.core."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.models import ImportRun
from resourcemap.directory.models import ServicePoint
from tests.loaders.doors import DOORS
from tests.loaders.scenarios import SCENARIOS, Scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_it_imports_the_scenario(scenario: Scenario, door, boundaries, tmp_path: Path) -> None:
    path = scenario.make(tmp_path)
    outcome = door(path, commit=scenario.commit, **scenario.options)

    assert outcome.exit_code == scenario.exit_code, outcome.output or outcome.report
    for row, column, fragment in scenario.errors:
        assert outcome.has("errors", row, column, fragment), outcome.issues("errors")
    for row, column, fragment in scenario.warnings:
        assert outcome.has("warnings", row, column, fragment), outcome.issues("warnings")
    if scenario.exit_code == 0:
        assert outcome.issues("errors") == []
    source = scenario.options.get("source", "manual")
    assert ServicePoint.objects.filter(source=source).count() == scenario.sites
    applied = scenario.commit and scenario.exit_code != 2 and (scenario.exit_code == 0 or "skip_invalid" in scenario.options)
    assert ImportRun.objects.count() == (1 if applied else 0)
    if scenario.check:
        scenario.check()
