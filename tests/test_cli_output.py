"""The command line's human output of `score`: the ranking table shows, row by row, what the JSON holds,
formatted by the one home of each rule (report.score_shown, fmt.fmt_eur, report.flag_label)."""

from __future__ import annotations

import json

import numpy as np

from kundenwert import report
from kundenwert.cli import Records, _table, run
from kundenwert.fmt import fmt_eur
from tests.files import write, xlsx_bytes


def _list_rows(n: int) -> list[list]:
    rng = np.random.default_rng(3)
    rows = [["Kunden-Nr.", "Kunde", "Umsatz (€)", "Bonität (0-10)", "Image (0-10)", "Zahlungsmentalität (0-10)"]]
    for i in range(n):
        ratings = [float(v) for v in rng.integers(0, 21, size=3) / 2]
        if i % 9 == 0:
            ratings[1] = ""                                   # incomplete: a flag
        rows.append([f"K-{i}", f"Kunde {i} " + "x" * (i % 45), float(rng.integers(100, 90_000)), *ratings])
    return rows


def test_text_ranking_shows_every_json_row_with_the_shared_formatting(tmp_path, capsys):
    path = write(tmp_path / "liste.xlsx", xlsx_bytes(_list_rows(400)))
    assert run(["score", str(path), "--json"]) == 0
    results = json.loads(capsys.readouterr().out)["results"]
    assert run(["score", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Rang"))
    table = lines[start:start + 2 + len(results)]
    assert len({len(line) for line in table}) == 1                   # one width per column, every line
    assert len(results) == 400 and len({r["score"] for r in results}) < 400      # repeated scores too
    for line, r in zip(table[2:], results, strict=True):
        flags = ", ".join(report.flag_label(c) for c in r["flags"])
        cells = [str(r["rank"]), r["id"], r["name"][:40], report.score_shown(r["score"]), fmt_eur(r["value_eur"]),
                 r["class"]]
        found = [part.strip() for part in line.split("  ") if part.strip()]
        assert found == cells + ([flags] if flags else []), (line, r)


def test_table_pads_each_column_to_its_widest_cell():
    text = _table(["Nr", "Name", "Wert"], [["1", "Anna", "3,5"], ["10", "Bo", "12,25"]], right={0, 2})
    assert text.splitlines() == ["Nr  Name   Wert", "--  ----  -----", " 1  Anna    3,5", "10  Bo    12,25"]
    assert _table(["A", "B"], [], right=set()).splitlines() == ["A  B", "-  -"]


def test_records_column_reads_as_the_json_does():
    import pandas as pd

    rec = Records({"x": pd.Series([1.5, np.nan, np.inf]), "t": pd.Series(["a", None, "ä"], dtype=object)})
    assert rec.column("x") == [r["x"] for r in rec] == [1.5, None, None]
    assert rec.column("t") == [r["t"] for r in rec] == ["a", None, "ä"]


def test_score_lang_en_writes_english_files(tmp_path):
    """`python -m kundenwert score --lang en --out`: the Excel report's sheets, headers and notes and the CSV's
    header are English (the customers' names and the file name are data)."""
    import csv
    import subprocess
    import sys

    import openpyxl

    from kundenwert.i18n import text
    from kundenwert.ui.exports import SHEETS
    from tests.conftest import ROOT
    from tests.test_app_languages import GERMAN

    sample = ROOT / "sample_data" / "kundenliste_beispiel.xlsx"
    outputs = {"xlsx": tmp_path / "result.xlsx", "csv": tmp_path / "result.csv"}
    for kind, out in outputs.items():
        style = ["--csv-style", "intl"] if kind == "csv" else []
        proc = subprocess.run([sys.executable, "-m", "kundenwert", "score", str(sample), "--lang", "en", "--out",
                               str(out), *style], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip().endswith(text("cli.written", "en", path=str(out)))
    wb = openpyxl.load_workbook(outputs["xlsx"])
    assert wb.sheetnames == [text(f"export.sheet.{s}", "en") for s in SHEETS] == [
        "Result", "Weighting", "ABC overview", "After-sales matrix", "Data check"]
    header = [c.value for c in wb["Result"][1]]
    assert header[:6] == ["Rank", "Customer id", "Customer", "Score", "Customer value (€)", "Class"]
    assert "Contribution Creditworthiness" in header and header[-2:] == ["Notes", "Excel row"]
    words = [c.value for ws in wb.worksheets[1:] for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    words = [w.replace("kundenliste_beispiel.xlsx", "") for w in words]
    assert [w for w in words if GERMAN.search(w)] == []
    assert "Euro per point: " in " ".join(words)
    with open(outputs["csv"], encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == header and "." in rows[1][3]            # comma-separated, decimal point
