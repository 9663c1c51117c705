"""Builders for test input files (written in the test run; no binary fixtures)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from kundenwert.criteria import CRITERIA

RATING_HEADERS = [c.header_de for c in CRITERIA]


def xlsx_bytes(rows: list[list], title: str = "Kunden", extra_sheets: dict[str, list[list]] | None = None,
               hidden_first: list[list] | None = None) -> bytes:
    """An xlsx with `rows` starting at A1 (None = empty cell)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first is not None:
        ws.title = "Versteckt"
        for r in hidden_first:
            ws.append(r)
        ws.sheet_state = "hidden"
        ws = wb.create_sheet(title)
    else:
        ws.title = title
    for r in rows:
        ws.append(r)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for r in sheet_rows:
            other.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(path: Path, data: bytes | str, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def simple_rows(n: int = 5, ratings: list[float] | None = None) -> list[list]:
    """Header + n customers with all twelve ratings (default: i mod 11)."""
    rows = [["Kunden-Nr.", "Kunde", "Umsatz (€)", "Deckungsbeitrag (€)", *RATING_HEADERS]]
    for i in range(n):
        r = ratings if ratings is not None else [float((i + j) % 11) for j in range(12)]
        rows.append([f"K{i + 1:03d}", f"Kunde {i + 1}", 1000.0 * (i + 1), 100.0 * (i + 1), *r])
    return rows
