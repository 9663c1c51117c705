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


def generated_xlsx(**options) -> bytes:
    """A generated sample list as .xlsx bytes (``kundenwert.sample.generate_customers(**options)``)."""
    from kundenwert.sample import generate_customers
    from kundenwert.sample_files import write_xlsx

    buf = io.BytesIO()
    write_xlsx(generate_customers(**options), buf)
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


def messy_xlsx() -> bytes:
    """A list as people really keep it: title row, header variants, text numbers with decimal commas,
    gaps, a blank row, a bad cell, a duplicate id, a total row, an unrecognised note column."""
    header = ["Kd.-Nr.", "Firma", "Umsatz in EUR", "DB €", "Kaufhistorie (0-10)", "Deckungsbeitrag",
              "Image-Faktor", "Empfehlungs-Wert", "Zukunftsperspektive", "Preis-Sensibilität", "Schnaeppchenfaktor",
              "Zahlungsmoral", "BONITÄT\u00a0(0–10)", "Betreuungs-Aufwand", "Sympathie", "Reklamationen", "Notiz"]
    rows: list[list] = [["Kundenbewertung Vertrieb Süd – Stand 30.09.2026"], [], header]
    for i in range(12):
        ratings = [float((i * 3 + j) % 11) for j in range(12)]
        ratings[0] = f"{ratings[0]:.1f}".replace(".", ",")  # text with decimal comma
        rows.append([f"{1001 + i}", f"Kunde {chr(65 + i)} GmbH", f"{(i + 1) * 1234.5:,.2f}".replace(",", "X")
                     .replace(".", ",").replace("X", "."), 200.0 * (i + 1), *ratings, ""])
    rows[5][6] = "k.A."                     # gap (row 6, column G)
    rows[6][8:15] = [None] * 7              # seven gaps: not scorable (row 7)
    rows[7][9] = 15                         # out of range (row 8, column J)
    rows.insert(9, [])                      # blank row (row 10)
    rows[12][0] = "1002"                    # duplicate of row 5 (row 13)
    rows.append(["", "Summe", "96.291,00", 15600.0])  # total row
    return xlsx_bytes(rows)


def raw_table(rows: list[list], kind: str = "xlsx", name: str = "liste.xlsx", decimal_comma: bool = False):
    """A RawTable straight from rows (header first), as the reader would give it: blanks as ''."""
    from kundenwert.ingest.reader import RawTable, column_letter

    header, *body = rows
    width = max(len(r) for r in rows)
    cells = [[("" if v is None else v) for v in r] + [""] * (width - len(r)) for r in body]
    headers = [str(h) for h in header] + [""] * (width - len(header))
    return RawTable(name, kind, None if kind == "csv" else "Kunden", [] if kind == "csv" else ["Kunden"], 1,
                    headers, [column_letter(j) for j in range(width)], cells,
                    list(range(2, 2 + len(cells))), decimal_comma=decimal_comma)


def xlsx_with_cells(rows: list[list], cells: dict[str, str]) -> bytes:
    """An xlsx with `rows` from A1 whose cells named in `cells` are replaced by raw XML, e.g.
    {"C3": '<c r="C3"><v>NaN</v></c>', "D4": '<c r="D4" t="e"><f>1/0</f><v>#DIV/0!</v></c>'}.
    The named cells must hold a number in `rows` (a placeholder that is swapped out)."""
    import re
    import zipfile

    data = xlsx_bytes(rows)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for ref, xml in cells.items():
                    text, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', xml, text, count=1)
                    assert n == 1, ref
                content = text.encode()
            dst.writestr(info, content)
    return out.getvalue()
