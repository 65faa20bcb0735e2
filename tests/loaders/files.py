"""Builds the import files the tests use, in a tmp dir (no binary fixtures committed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook

HEADER = ["external_id", "name", "category", "organization", "address", "lon", "lat", "phone", "assured_date"]


def site(external_id: str, name: str, lon: Any = 114.02, lat: Any = 22.52, **extra: Any) -> dict[str, Any]:
    """A valid row inside the `boundaries` fixture's 园岭街道 (Futian) unless told otherwise."""
    row = {
        "external_id": external_id, "name": name, "category": "party_mass_centre", "organization": "civil_affairs",
        "address": "深圳市福田区", "lon": lon, "lat": lat, "phone": "0755-83000000",
        "assured_date": "2024-03-01",
    }
    row.update(extra)
    return row


def write_csv(path: Path, rows: list[dict[str, Any]], encoding: str = "utf-8", header: list[str] | None = None,
              rename: dict[str, str] | None = None) -> Path:
    columns = header or list(dict.fromkeys(k for row in rows for k in row)) or HEADER
    frame = pd.DataFrame(rows, columns=columns).fillna("")
    if rename:
        frame = frame.rename(columns=rename)
    frame.to_csv(path, index=False, encoding=encoding)
    return path


def write_xlsx(path: Path, rows: list[dict[str, Any]], sheet: str = "Sheet1") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    columns = list(dict.fromkeys(k for row in rows for k in row))
    worksheet.append(columns)
    for row in rows:
        worksheet.append([row.get(c) for c in columns])
    workbook.save(path)
    return path
