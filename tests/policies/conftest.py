"""Fixtures for the law library: the shipped data loaded through the management command,
and helpers to write modified copies of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

POLICY_DIR = Path(settings.BASE_DIR) / "data" / "policy"
LAWS_JSON = POLICY_DIR / "child_related_laws_articles.json"
UNPROTECTED = "weichengnianrenbaohufa"  # slug of 未成年人保护法


def shipped_rows() -> list[dict[str, Any]]:
    return json.loads(LAWS_JSON.read_text(encoding="utf-8"))


@pytest.fixture
def load_policies(db: Any) -> Callable[..., str]:
    """Runs `manage.py load_policies` with the given arguments and returns its output."""

    def run(*args: Any, **options: Any) -> str:
        from io import StringIO

        out = StringIO()
        commit = [] if "--dry-run" in args else ["--commit"]  # the command's default is a dry run
        call_command("load_policies", *[str(a) for a in args], *commit, stdout=out, **options)
        return out.getvalue()

    return run


@pytest.fixture
def policies(load_policies: Callable[..., str]) -> str:
    """The shipped laws, articles and mapping, loaded."""
    return load_policies()


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[list[dict[str, Any]]], Path]:
    def write(rows: list[dict[str, Any]], name: str = "laws.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        return path

    return write
