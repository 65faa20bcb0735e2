"""Assertions shared by the HSDS tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from tests.hsds.conftest import BUNDLED_DIR, OFFICIAL_DIR


def assert_valid(validator: Draft202012Validator, instance: object) -> None:
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:20]]


def page_schema() -> dict[str, Any]:
    """The paging envelope: the official openapi.json's Page (every member required, nothing
    else allowed besides contents) or the bundled transcription of it."""
    if OFFICIAL_DIR is None:
        return json.loads((BUNDLED_DIR / "page.json").read_text())
    page = json.loads((OFFICIAL_DIR / "schema" / "openapi.json").read_text())["components"]["schemas"]["Page"]
    properties = {**page["properties"], "contents": {"type": "array"}}
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


def assert_page_of(body: dict[str, Any], validator: Draft202012Validator) -> None:
    assert_valid(Draft202012Validator(page_schema()), body)
    for item in body["contents"]:
        assert_valid(validator, item)


def official_file(relative: str) -> Path:
    assert OFFICIAL_DIR is not None
    return OFFICIAL_DIR / relative
