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
