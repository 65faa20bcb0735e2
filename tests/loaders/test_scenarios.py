"""Every scenario of scenarios.py through both doors: the import_sites command and loaders.core."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.loaders.doors import DOORS
from tests.loaders.scenarios import SCENARIOS, Scenario

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("door", DOORS, ids=lambda d: d.__name__)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_it_imports_the_scenario(scenario: Scenario, door, boundaries, tmp_path: Path) -> None:
    path = scenario.make(tmp_path)
    outcome = door(path, commit=scenario.commit, **scenario.options)
    scenario.assert_outcome(outcome)
